namespace Keyward.Cli.Tests;

public class KeywardCliTests
{
    [Fact]
    public async Task Run_Help_ListsCommandsAndExitsZero()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        Assert.Contains("scopes", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("scopes", "plan", "--no-such-flag")]
    [InlineData("scopes", "explain")]
    [InlineData("keys", "list", "--base-url", "not a url")]
    [InlineData("keys", "list", "--base-url", "ftp://instantly.example")]
    [InlineData("members", "remove")]
    [InlineData("blocklist", "add")]
    public async Task Run_BadUsage_ExitsTwoWithHintOnStderr(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }
}
