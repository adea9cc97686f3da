using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Tests.Candidates;

public sealed partial class CandidateManifestTests
{
    public static TheoryData<string, string> Mistakes() => new()
    {
        { J("{'name': 'x', 'backends': ['redis']}"), "\"run\" is required: an array of strings, the program and its arguments" },
        { J("{'backends': ['redis'], 'run': ['./x']}"), "\"name\" is required: a string of 1 to 100 characters, without control characters" },
        { J("{'name': 'x', 'run': ['./x']}"), "\"backends\" is required: an array of the backends it can campaign on: redis, " },
        { With("'run': './x'"), "\"run\" must be an array of strings, the program and its arguments, not a string" },
        { With("'run': []"), "\"run\" must be an array of strings, the program and its arguments, not an empty array" },
        { With("'run': ['./x', 3]"), "\"run\" must be an array of strings, the program and its arguments: item 2 is a number" },
        { With("'run': ['']"), "\"run\" names no program: its first string is empty" },
        { With("'run': ['./x\\u0000']"), "\"run\" holds a string with a NUL character" },
        { With("'run': ['./x'], 'build': {'cmd': 'make'}"), "\"build\" must be an array of strings, the build's program and its arguments, not an object" },
        { With("'run': ['./x'], 'build': []"), "\"build\" must be an array of strings, the build's program and its arguments, not an empty array" },
        { With("'run': ['./x'], 'start_timeout_ms': -1"), "\"start_timeout_ms\" must be a whole number of milliseconds from 1 to 86400000, not -1" },
        { With("'run': ['./x'], 'start_timeout_ms': 1.5"), "\"start_timeout_ms\" must be a whole number of milliseconds from 1 to 86400000, not 1.5" },
        { With("'run': ['./x'], 'start_timeout_ms': '60000'"), "\"start_timeout_ms\" must be a whole number of milliseconds from 1 to 86400000, not a string" },
        { With("'run': ['./x'], 'start_timeout_ms': 0"), "\"start_timeout_ms\" must be a whole number of milliseconds from 1 to 86400000, not 0" },
        { With("'run': ['./x'], 'status_path': 'leader'"), "\"status_path\" must be a path starting with \"/\", without spaces or control characters, not \"leader\"" },
        { With("'run': ['./x'], 'status_path': '/is leader'"), "\"status_path\" must be a path starting with \"/\"" },
        { With("'run': ['./x'], 'status_path': 7"), "\"status_path\" must be a path starting with \"/\", without spaces or control characters, not a number" },
        { J("{'name': '', 'backends': ['redis'], 'run': ['./x']}"), "\"name\" must be a string of 1 to 100 characters, without control characters, not \"\"" },
        { J("{'name': 'c1\\u001b[2J', 'backends': ['redis'], 'run': ['./x']}"), "\"name\" must be a string of 1 to 100 characters, without control characters" },
        { J($"{{'name': '{new string('n', 101)}', 'backends': ['redis'], 'run': ['./x']}}"), "\"name\" must be a string of 1 to 100 characters, without control characters, not \"nnn" },
        { J("{'name': ['x'], 'backends': ['redis'], 'run': ['./x']}"), "\"name\" must be a string of 1 to 100 characters, without control characters, not an array" },
        { J("{'name': 'x', 'backends': 'redis', 'run': ['./x']}"), "\"backends\" must be an array of the backends it can campaign on: redis, " },
        { J("{'name': 'x', 'backends': [], 'run': ['./x']}"), "\"backends\" must be an array of the backends it can campaign on: redis, " },
        { J("{'name': 'x', 'backends': ['Redis'], 'run': ['./x']}"), "\"backends\" names an unknown backend \"Redis\"; known: redis, redlock, " },
        { With("'run': ['./x'], 'packages': 'python3'"), "\"packages\" must be an array of Debian package names, not a string" },
        { With("'run': ['./x'], 'packages': ['python3', '-o=APT::Foo']"), "\"packages\" names \"-o=APT::Foo\", not a Debian package name (lowercase letters, digits, '+', '-' and '.', starting with a letter or digit, at least 2 characters)" },
        { With("'run': ['./x'], 'run': ['./y']"), "\"run\" is given twice" },
        { J("['x']"), "must be a JSON object ({\"name\": ..., \"backends\": [...], \"run\": [...]}), not an array" },
        { J("'x'"), "must be a JSON object ({\"name\": ..., \"backends\": [...], \"run\": [...]}), not a string" },
        { J("{'name': 'x',\n  run: ['./x']}"), "not JSON: line 2, byte 3: 'r' is an invalid start of a property name. Expected a '\"'." },
        { "", "not JSON: line 1, byte 1: The input does not contain any JSON tokens." },
        { With("'run': ['./x']") + " {}", "not JSON: line 1, byte " },
    };

    /// <summary>JSON written with single quotes, for legibility.</summary>
    private static string J(string json) => json.Replace('\'', '"');

    /// <summary>A manifest with a name and a backend, and these members.</summary>
    private static string With(string members) => J($"{{'name': 'x', 'backends': ['redis'], {members}}}");

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_is_a_usage_error_naming_the_file_the_field_and_what_is_allowed(string manifest, string says)
    {
        var folder = Folder(manifest);

        var e = Assert.Throws<UsageException>(() => CandidateManifest.Read(folder));

        Assert.StartsWith($"candidate.json in {folder}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(ExitCodes.Usage, ExitCodes.For(e));
    }

    [Fact]
    public void An_unknown_backend_is_answered_with_every_known_one_and_none()
    {
        var folder = Folder("""{"name": "x", "backends": ["redis", "consul"], "run": ["./x"]}""");

        var e = Assert.Throws<UsageException>(() => CandidateManifest.Read(folder));

        Assert.EndsWith($"\"backends\" names an unknown backend \"consul\"; known: {string.Join(", ", BackendNames.All)}, none", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_a_usage_error()
    {
        var missing = Path.Combine(_dir.Path, "nowhere");

        var e = Assert.Throws<UsageException>(() => CandidateManifest.Read(missing));

        Assert.Equal($"candidate folder {missing} does not exist", e.Message);
    }

    [Fact]
    public void A_folder_without_a_manifest_is_a_usage_error()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.Path, "empty")).FullName;

        var e = Assert.Throws<UsageException>(() => CandidateManifest.Read(folder));

        Assert.Equal($"candidate folder {folder} has no candidate.json", e.Message);
    }

    [Fact]
    public void A_huge_manifest_is_refused_before_it_is_parsed()
    {
        var folder = Folder("");
        using (var file = File.OpenWrite(Path.Combine(folder, "candidate.json"))) file.SetLength(CandidateManifest.MaxBytes + 1);

        var e = Assert.Throws<UsageException>(() => CandidateManifest.Read(folder));

        Assert.Equal($"candidate.json in {folder}: larger than 1 MiB (1048576 bytes), the most a manifest may hold", e.Message);
    }

    [SkippableFact]
    public void A_manifest_linked_to_an_endless_device_is_refused_after_1_MiB()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero");
        var folder = Directory.CreateDirectory(Path.Combine(_dir.Path, "endless")).FullName;
        File.CreateSymbolicLink(Path.Combine(folder, "candidate.json"), "/dev/zero");

        var e = Assert.Throws<UsageException>(() => CandidateManifest.Read(folder));

        Assert.Equal($"candidate.json in {folder}: larger than 1 MiB (1048576 bytes), the most a manifest may hold", e.Message);
    }

    [Fact]
    public void A_manifest_that_is_not_utf8_is_a_usage_error()
    {
        var folder = Folder("");
        File.WriteAllBytes(Path.Combine(folder, "candidate.json"), [(byte)'{', (byte)'"', 0xff, (byte)'"', (byte)':', (byte)'1', (byte)'}']);

        var e = Assert.Throws<UsageException>(() => CandidateManifest.Read(folder));

        Assert.Equal($"candidate.json in {folder}: not UTF-8 text", e.Message);
    }

    [Fact]
    public void A_manifest_saved_with_a_byte_order_mark_is_read()
    {
        var folder = Folder("");
        File.WriteAllText(Path.Combine(folder, "candidate.json"), """{"name": "x", "backends": ["redis"], "run": ["./x"]}""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("x", CandidateManifest.Read(folder).Name);
    }
}
