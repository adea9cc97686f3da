using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Candidates;

public sealed partial record CandidateManifest
{
    /// <summary>
    /// The Debian packages of <c>packages</c>, each present when dpkg has it installed: what the
    /// run gives <see cref="Prerequisites.EnsureAsync"/>, which installs them or says how.
    /// </summary>
    public IReadOnlyList<Requirement> Needs => [.. Packages.Select(DebianPackage.Requirement)];
}
