using System.Diagnostics;
using System.Text.RegularExpressions;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Candidates;

/// <summary>A Debian package a candidate needs: its name checked by Debian's rule, and whether dpkg has it installed.</summary>
public static partial class DebianPackage
{
    /// <summary>Debian's rule for a package's name, as a message says it.</summary>
    public const string NameRule = "lowercase letters, digits, '+', '-' and '.', starting with a letter or digit, at least 2 characters";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    public static bool IsValidName(string name) => name.Length <= 200 && Name().IsMatch(name);

    /// <summary>What must be present for the package: dpkg says it is installed; apt installs it by this name.</summary>
    public static Requirement Requirement(string name) =>
        IsValidName(name)
            ? new Requirement(name, name, () => IsInstalled(name))
            : throw new ArgumentException($"\"{name}\" is not a Debian package name", nameof(name));

    /// <summary>
    /// True when <c>dpkg-query -W -f='${Status}\n' NAME</c> says "install ok installed" (for any of
    /// its architectures); false when dpkg does not know it, or there is no dpkg.
    /// </summary>
    public static bool IsInstalled(string name)
    {
        var psi = new ProcessStartInfo("dpkg-query")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-W", "-f=${Status}\n", name]) psi.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(psi);
            if (process is null) return false;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(QueryTimeout))
            {
                process.Kill();
                return false;
            }

            process.WaitForExit();
            _ = error.Result;
            return process.ExitCode == 0 && output.Result.Split('\n').Any(line => line.Trim() == "install ok installed");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]+\z")]
    private static partial Regex Name();
}
