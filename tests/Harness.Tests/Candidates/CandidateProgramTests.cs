using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Candidates;

public sealed partial class CandidateProgramTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_program_with_a_slash_is_found_in_the_candidates_folder()
    {
        var m = Manifest("""["./bin/leader", "--port"]""");
        var program = Executable("bin/leader", "#!/bin/sh\n");

        Assert.Equal(program, CandidateProgram.Resolve(m));
    }

    [Fact]
    public void A_program_without_a_slash_is_found_on_the_path()
    {
        File.WriteAllText(Path.Combine(Folder, "sh"), "not this one");

        var program = CandidateProgram.Resolve(Manifest("""["sh", "-c", "true"]"""));

        Assert.Equal(Requirement.FindProgram("sh"), program);
        Assert.NotEqual(Path.Combine(Folder, "sh"), program);
    }

    [Fact]
    public void An_absolute_program_is_taken_as_it_is() =>
        Assert.Equal("/bin/sh", CandidateProgram.Resolve(Manifest("""["/bin/sh"]""")));

    [Fact]
    public void A_missing_program_is_a_usage_error_that_says_whether_it_was_built()
    {
        var built = Assert.Throws<UsageException>(() => CandidateProgram.Resolve(Manifest("""["./bin/x"]""", build: """["make"]""")));
        var plain = Assert.Throws<UsageException>(() => CandidateProgram.Resolve(Manifest("""["ej-no-such-program"]""")));

        Assert.Equal($"candidate.json in {Folder}: \"run\": program \"./bin/x\" not found (after the build)", built.Message);
        Assert.Equal($"candidate.json in {Folder}: \"run\": program \"ej-no-such-program\" not found", plain.Message);
    }

    [Fact]
    public void A_folder_is_not_a_program()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "bin"));

        Assert.Throws<UsageException>(() => CandidateProgram.Resolve(Manifest("""["./bin"]""")));
    }

    [Fact]
    public void A_program_that_is_not_executable_is_a_usage_error()
    {
        var m = Manifest("""["./leader.py"]""");
        var program = Path.Combine(Folder, "leader.py");
        File.WriteAllText(program, "#!/usr/bin/env python3\n");

        var e = Assert.Throws<UsageException>(() => CandidateProgram.Resolve(m));

        Assert.Equal($"candidate.json in {Folder}: \"run\": program \"./leader.py\" ({program}) is not executable", e.Message);
    }

    private string Folder => _dir.Path;

    private CandidateManifest Manifest(string run, string build = "null")
    {
        File.WriteAllText(Path.Combine(Folder, "candidate.json"), $$"""{"name": "x", "backends": ["redis"], "run": {{run}}, "build": {{build}}}""");
        return CandidateManifest.Read(Folder);
    }

    private string Executable(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
