using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Candidates;

/// <summary>Whether libfaketime can move a program's clock, judged from the file's header.</summary>
public sealed partial class CandidateProgramTests
{
    private const string Static = "a static binary: libfaketime reaches only programs that read the time through the C library";
    private const string Go = "a Go binary: Go reads the time without the C library, so libfaketime cannot move it";

    [SkippableFact]
    public void Python_reads_the_time_through_the_c_library()
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "no /usr/bin/python3");

        Assert.Null(CandidateProgram.ClockUnreachable("/usr/bin/python3"));
    }

    [Fact]
    public void A_shell_script_is_judged_by_its_shell()
    {
        var script = Executable("run.sh", "#!/bin/sh\nexec sleep 1\n");
        var env = Executable("run.py", "#!/usr/bin/env -S python3 -u\nprint(1)\n");

        Assert.Null(CandidateProgram.ClockUnreachable(script));
        Assert.Null(CandidateProgram.ClockUnreachable(env));
        Assert.Equal("/bin/sh", CandidateProgram.Interpreter(script));
        Assert.Equal(Requirement.FindProgram("python3") ?? "", CandidateProgram.Interpreter(env));
    }

    [SkippableFact]
    public async Task A_dynamic_c_binary_is_reachable_and_a_static_one_is_not()
    {
        var dynamic = await CompileAsync("dynamic");
        var staticBinary = await CompileAsync("static", "-static");

        Assert.Null(CandidateProgram.ClockUnreachable(dynamic));
        Assert.Equal(Static, CandidateProgram.ClockUnreachable(staticBinary));
    }

    [SkippableFact]
    public async Task A_script_run_by_a_static_binary_says_which_interpreter_cannot_be_moved()
    {
        var interpreter = await CompileAsync("static", "-static");
        var script = Executable("job", $"#!{interpreter} -x\n");

        Assert.Equal($"run by {interpreter}, {Static}", CandidateProgram.ClockUnreachable(script));
    }

    [SkippableFact]
    public async Task A_go_binary_cannot_be_moved_whether_dynamic_or_static()
    {
        var dynamic = await WithSectionAsync(await CompileAsync("dynamic"), ".go.buildinfo");
        var staticGo = await WithSectionAsync(await CompileAsync("static", "-static"), ".note.go.buildid");

        Assert.Equal(Go, CandidateProgram.ClockUnreachable(dynamic));
        Assert.Equal(Go, CandidateProgram.ClockUnreachable(staticGo));
    }

    [SkippableFact]
    public async Task Etcd_is_a_go_binary()
    {
        await Packages.EnsureAsync([Requirement.Program("etcd", "etcd-server")]);

        Assert.Equal(Go, CandidateProgram.ClockUnreachable("/usr/bin/etcd"));
    }

    [Fact]
    public void A_file_of_unknown_format_is_taken_as_reachable()
    {
        Assert.Null(CandidateProgram.ClockUnreachable(Executable("text", "just text\n")));
        Assert.Null(CandidateProgram.ClockUnreachable(Executable("empty", "")));
        Assert.Null(CandidateProgram.ClockUnreachable(Executable("bang", "#!")));
        Assert.Null(CandidateProgram.ClockUnreachable(Executable("lost", "#!/no/such/interpreter\n")));
        Assert.Null(CandidateProgram.ClockUnreachable(Path.Combine(Folder, "absent")));
    }

    [SkippableFact]
    public async Task Truncated_and_corrupted_binaries_never_throw()
    {
        var original = await File.ReadAllBytesAsync(await CompileAsync("static", "-static"));
        var random = new Random(7);
        var path = Path.Combine(Folder, "damaged");
        var results = new HashSet<string?>();
        foreach (var length in (int[])[0, 3, 4, 16, 63, 64, 65, 200, 1000, 4096, original.Length / 2, original.Length - 1])
        {
            await File.WriteAllBytesAsync(path, original[..length]);
            results.Add(Judged(path));
        }

        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                // the ELF header, the program headers after it, or the section headers at the end
                var at = random.Next(3) switch { 0 => random.Next(64), 1 => random.Next(64, 64 + (56 * 12)), _ => bytes.Length - 1 - random.Next(64 * 40) };
                bytes[at] = (byte)random.Next(256);
            }

            await File.WriteAllBytesAsync(path, bytes);
            results.Add(Judged(path));
        }

        var garbage = new byte[8192];
        random.NextBytes(garbage);
        "\u007fELF\u0002\u0001"u8.CopyTo(garbage);
        await File.WriteAllBytesAsync(path, garbage);
        results.Add(Judged(path));

        Assert.Contains(null, results);
        Assert.Contains(Static, results);
    }

    private static string? Judged(string path)
    {
        string? said = "not judged";
        var e = Record.Exception(() => said = CandidateProgram.ClockUnreachable(path));
        Assert.Null(e);
        return said;
    }

    /// <summary>A small C program compiled with gcc (skipping the test when gcc, or libc.a for -static, is missing).</summary>
    private async Task<string> CompileAsync(string name, params string[] flags)
    {
        Skip.If(Requirement.FindProgram("gcc") is null, "gcc is not installed");
        if (flags.Contains("-static"))
        {
            var libc = (await Exec.RunAsync("gcc", ["-print-file-name=libc.a"])).Out.Trim();
            Skip.IfNot(Path.IsPathRooted(libc) && File.Exists(libc), "libc.a is missing (libc6-dev), so gcc cannot link statically");
        }

        var source = Path.Combine(Folder, $"{name}.c");
        var binary = Path.Combine(Folder, name);
        if (File.Exists(binary)) return binary;
        await File.WriteAllTextAsync(source, "#include <stdio.h>\n#include <time.h>\nint main(void) { printf(\"%ld\\n\", (long)time(NULL)); return 0; }\n");
        var r = await Exec.RunAsync("gcc", [.. flags, "-o", binary, source], timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.Ok, r.Error);
        return binary;
    }

    /// <summary>A copy of <paramref name="binary"/> with a section of that name added, as Go's linker writes one.</summary>
    private async Task<string> WithSectionAsync(string binary, string section)
    {
        Skip.If(Requirement.FindProgram("objcopy") is null, "objcopy is not installed (binutils)");
        var content = Path.Combine(Folder, "section.bin");
        await File.WriteAllTextAsync(content, "Go buildinf:");
        var copy = $"{binary}{section}";
        var r = await Exec.RunAsync("objcopy", ["--add-section", $"{section}={content}", binary, copy]);
        Assert.True(r.Ok, r.Error);
        return copy;
    }
}
