using System.Runtime.CompilerServices;

namespace ElectionJepsen.TestSupport;

/// <summary>A golden file did not match, or is missing.</summary>
public sealed class GoldenFileException(string message) : Exception(message);

/// <summary>
/// Golden-file checks (our small stand-in for Verify): the text a test produces is compared
/// with <c>Golden/NAME.txt</c> beside the test's source file. On a difference the text is
/// written to <c>Golden/NAME.received.txt</c> and the first differing line is reported; a
/// person reviews it and renames it over the golden file. <c>UPDATE_GOLDEN=1</c> rewrites
/// the golden files instead (never under CI).
/// </summary>
public static class GoldenFile
{
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden");
        var golden = Path.Combine(dir, name + ".txt");
        var received = Path.Combine(dir, name + ".received.txt");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1" && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(golden, actual);
            File.Delete(received);
            return;
        }

        if (!File.Exists(golden))
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(received, actual);
            throw new GoldenFileException($"no golden file {golden}; the output is in {received}: review it, rename it to {name}.txt and commit it");
        }

        var expected = File.ReadAllText(golden).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        throw new GoldenFileException($"{name} differs from its golden file: {FirstDifference(expected, actual)} (the whole output is in {received}; compare with diff, and if the change is meant, rename it over {golden})");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var x = i < e.Length ? e[i] : "(end of file)";
            var y = i < a.Length ? a[i] : "(end of file)";
            if (x != y) return $"line {i + 1}: expected \"{x}\", got \"{y}\"";
        }

        return "they differ only in line endings";
    }
}
