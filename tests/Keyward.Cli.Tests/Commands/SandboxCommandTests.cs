using System.Diagnostics;
using System.Net.Http.Headers;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests.Commands;

public class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_PrintsEvalableLines_ServesTheApi_AndStopsCleanlyOnSigterm()
    {
        using var dir = new TempDirectory();
        var state = Path.Combine(dir.Path, "sandbox.json");
        using var process = Process.Start(KeywardProcess.StartInfo("sandbox", "--seed", "risky", "--state", state))!;
        try
        {
            var baseUrl = await process.StandardOutput.ReadLineAsync();
            var key = await process.StandardOutput.ReadLineAsync();
            Assert.Matches("^INSTANTLY_BASE_URL=http://127\\.0\\.0\\.1:[0-9]+$", baseUrl);
            Assert.Matches("^INSTANTLY_API_KEY=[A-Za-z0-9+/]{66}==$", key);
            Assert.Equal(baseUrl!.Replace("INSTANTLY", "SALESLOFT", StringComparison.Ordinal), await process.StandardOutput.ReadLineAsync());
            Assert.Matches("^SALESLOFT_API_KEY=v2_ak_[0-9]+_[0-9a-f]{64}$", await process.StandardOutput.ReadLineAsync());

            using var http = new HttpClient { BaseAddress = new Uri(baseUrl!.Split('=', 2)[1]) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key!.Split('=', 2)[1]);
            var members = await http.GetStringAsync("/api/v2/workspace-members");
            Assert.Contains("contractor@freemail.example", members, StringComparison.Ordinal);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("keyward sandbox: stopped", await process.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
            Assert.True(File.Exists(state));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Sandbox_UnknownSeed_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("sandbox", "--seed", "bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("empty", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("risky", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_StateFileOfAnotherKind_IsAUsageErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("not-state.json", "[1,2,3]");

        var result = await CliRunner.RunAsync("sandbox", "--state", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not-state.json", result.Stderr, StringComparison.Ordinal);
    }
}
