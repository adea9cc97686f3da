namespace ElectionJepsen.Harness.Runtime;

/// <summary>A prerequisite is missing: exit 69, with the exact way to get it.</summary>
public sealed class PrerequisiteException(string message) : Exception(message);

/// <summary>What the harness needs from the machine.</summary>
public static class Prerequisites
{
    public static bool IsRoot => Environment.UserName == "root" || GetEuid() == 0;

    public static void RequireRoot(string verb)
    {
        if (!IsRoot)
        {
            throw new PrerequisiteException($"{verb} needs root to make network namespaces and iptables rules: run it with sudo (sudo -E dotnet run --project harness -- {verb} ...)");
        }
    }

    private static uint GetEuid()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return uint.MaxValue;
    }

}
