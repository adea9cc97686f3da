using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Candidates;

public sealed partial class CandidateBuildTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly StringWriter _said = new();

    public void Dispose()
    {
        _said.Dispose();
        _dir.Dispose();
    }

    private string Folder => Directory.CreateDirectory(Path.Combine(_dir.Path, "candidate")).FullName;

    private string Records => Path.Combine(_dir.Path, "records");

    private BuildSettings Settings => new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), Records);

    [Fact]
    public async Task It_builds_once_and_again_only_after_a_file_of_the_folder_changed()
    {
        var m = Candidate("echo built >> builds.log\nmkdir -p out && echo binary > out/leader\n");

        Assert.True(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        Assert.False(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        Assert.Equal(1, Builds());

        await File.AppendAllTextAsync(Path.Combine(Folder, "leader.py"), "# changed\n");
        Assert.True(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        Assert.False(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        Assert.Equal(2, Builds());
    }

    [Fact]
    public async Task A_new_file_a_removed_file_or_a_touched_one_is_a_change()
    {
        var m = Candidate("echo built >> builds.log\n");
        await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default);

        await File.WriteAllTextAsync(Path.Combine(Folder, ".env"), "X=1\n");
        Assert.True(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        File.Delete(Path.Combine(Folder, ".env"));
        Assert.True(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        File.SetLastWriteTimeUtc(Path.Combine(Folder, "leader.py"), DateTime.UtcNow.AddMinutes(-5));
        Assert.True(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        Assert.Equal(4, Builds());
    }

    [Fact]
    public async Task A_change_under_git_is_no_change()
    {
        var m = Candidate("echo built >> builds.log\n");
        Directory.CreateDirectory(Path.Combine(Folder, ".git"));
        await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default);

        await File.WriteAllTextAsync(Path.Combine(Folder, ".git", "FETCH_HEAD"), "abc\n");

        Assert.False(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        Assert.Equal(1, Builds());
    }

    [Fact]
    public async Task The_record_is_kept_outside_the_folder_and_named_by_its_full_path()
    {
        var m = Candidate("true\n");
        var before = Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Order().ToList();

        await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default);

        Assert.Equal(before, Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Order());
        var record = Assert.Single(Directory.GetFiles(Records));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Folder))), Path.GetFileName(record));
    }

    [Fact]
    public async Task A_candidate_without_a_build_is_never_built()
    {
        File.WriteAllText(Path.Combine(Folder, "candidate.json"), """{"name": "plain", "backends": ["redis"], "run": ["./x"]}""");

        Assert.False(await CandidateBuild.EnsureBuiltAsync(CandidateManifest.Read(Folder), _said, Settings, default));
        Assert.Equal("", _said.ToString());
        Assert.False(Directory.Exists(Records));
    }

    [Fact]
    public async Task It_says_what_it_builds_and_how_long_it_took()
    {
        var m = Candidate("true\n");

        await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default);

        var lines = _said.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("building sample: /bin/sh build.sh", lines[0]);
        Assert.Matches(@"^built sample in [0-9]+\.[0-9] s$", lines[1]);
    }

    [Fact]
    public async Task A_slow_build_is_said_to_be_still_going()
    {
        var m = Candidate("sleep 1\n");

        await CandidateBuild.EnsureBuiltAsync(m, _said, Settings with { ProgressEvery = TimeSpan.FromMilliseconds(200) }, default);

        Assert.Matches(@"still building sample: [0-9]+\.[0-9] s", _said.ToString());
    }

    [Fact]
    public void The_default_record_is_under_the_users_cache()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");

        Assert.Equal(Path.Combine(cache, "electionjepsen", "builds"), BuildRecord.DefaultDirectory());
    }

    private CandidateManifest Candidate(string script)
    {
        File.WriteAllText(Path.Combine(Folder, "build.sh"), script);
        File.WriteAllText(Path.Combine(Folder, "leader.py"), "print('leader')\n");
        File.WriteAllText(Path.Combine(Folder, "candidate.json"), """
            {"name": "sample", "backends": ["redis"], "run": ["python3", "leader.py"], "build": ["/bin/sh", "build.sh"]}
            """);
        return CandidateManifest.Read(Folder);
    }

    private int Builds() => File.ReadAllLines(Path.Combine(Folder, "builds.log")).Length;
}
