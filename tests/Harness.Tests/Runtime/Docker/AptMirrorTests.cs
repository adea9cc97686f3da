using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public class AptMirrorTests
{
    private const string Deb822 = """
        Types: deb
        # http://snapshot.debian.org/archive/debian/20250520T000000Z
        URIs: http://deb.debian.org/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        URIs: http://deb.debian.org/debian-security
        Suites: bookworm-security
        Components: main
        """;

    [Fact]
    public void The_mirror_is_the_deb822_stanza_that_serves_the_suite()
    {
        Assert.Equal("http://deb.debian.org/debian", AptMirror.FromDeb822(Deb822, "bookworm"));
        Assert.Equal("http://deb.debian.org/debian-security", AptMirror.FromDeb822(Deb822, "bookworm-security"));
    }

    [Fact]
    public void A_disabled_or_source_only_deb822_stanza_is_passed_over()
    {
        const string text = """
            Types: deb-src
            URIs: http://src.example/debian
            Suites: bookworm

            Enabled: no
            Types: deb
            URIs: http://off.example/debian
            Suites: bookworm

            Types: deb
            URIs: https://mirror.example/debian/
            Suites: bookworm
            """;

        Assert.Equal("https://mirror.example/debian", AptMirror.FromDeb822(text, "bookworm"));
    }

    [Fact]
    public void The_mirror_is_the_one_line_source_of_the_suite_options_and_comments_aside()
    {
        const string text = """
            # deb http://commented.example/debian bookworm main
            deb-src http://src.example/debian bookworm main
            deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg arch=amd64] http://ftp.example.org/debian/ bookworm main contrib
            deb http://security.debian.org/debian-security bookworm-security main
            """;

        Assert.Equal("http://ftp.example.org/debian", AptMirror.FromList(text, "bookworm"));
        Assert.Equal("http://security.debian.org/debian-security", AptMirror.FromList(text, "bookworm-security"));
    }

    [Fact]
    public void Sources_of_another_release_name_no_mirror_and_Debians_own_is_used()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "etc/apt/sources.list.d"));
        File.WriteAllText(Path.Combine(dir.Path, "etc/apt/sources.list"), "deb http://archive.ubuntu.com/ubuntu noble main\n");

        Assert.Null(AptMirror.FromList(File.ReadAllText(Path.Combine(dir.Path, "etc/apt/sources.list")), "bookworm"));
        Assert.Equal(AptMirror.Debian, AptMirror.Find("bookworm", dir.Path));
    }

    [Fact]
    public void The_deb822_file_comes_before_the_one_line_file()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "etc/apt/sources.list.d"));
        File.WriteAllText(Path.Combine(dir.Path, "etc/apt/sources.list.d/debian.sources"), Deb822.Replace("deb.debian.org", "a.example", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(dir.Path, "etc/apt/sources.list"), "deb http://b.example/debian bookworm main\n");

        Assert.Equal("http://a.example/debian", AptMirror.Find("bookworm", dir.Path));
        File.Delete(Path.Combine(dir.Path, "etc/apt/sources.list.d/debian.sources"));
        Assert.Equal("http://b.example/debian", AptMirror.Find("bookworm", dir.Path));
    }
}
