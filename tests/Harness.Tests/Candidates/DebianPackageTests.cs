using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Candidates;

public sealed class DebianPackageTests
{
    [SkippableFact]
    public void An_installed_package_is_present()
    {
        Skip.If(Requirement.FindProgram("dpkg-query") is null, "no dpkg-query: not Debian or Ubuntu");

        Assert.True(DebianPackage.IsInstalled("coreutils"));
        Assert.True(DebianPackage.Requirement("coreutils").Present());
    }

    [Fact]
    public void A_package_dpkg_does_not_know_is_missing() =>
        Assert.False(DebianPackage.Requirement("ej-no-such-package-7f3a").Present());

    [Theory]
    [InlineData("python3-redis")]
    [InlineData("libstdc++6")]
    [InlineData("g++")]
    [InlineData("openjdk-17-jdk-headless")]
    [InlineData("0ad")]
    [InlineData("r-base")]
    public void Debian_names_are_valid(string name) => Assert.True(DebianPackage.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("Python3")]
    [InlineData("-y")]
    [InlineData("+x")]
    [InlineData(".x")]
    [InlineData("redis server")]
    [InlineData("redis;rm")]
    [InlineData("libc6:i386")]
    [InlineData("redis\n")]
    [InlineData("pkg*")]
    public void Anything_else_is_not_a_package_name(string name)
    {
        Assert.False(DebianPackage.IsValidName(name));
        Assert.Throws<ArgumentException>(() => DebianPackage.Requirement(name));
    }
}
