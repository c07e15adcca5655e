using System.Diagnostics;
using Keyward.Scanning.Verification;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Verification;

public class KeyVerifierTests
{
    [Fact]
    public async Task Verify_LiveRevokedAndRepeatedKeys_AreClassifiedAndEachSentOnce()
    {
        await using var vendor = await VendorStub.StartAsync();
        var live = Some.InstantlyKey();
        var revoked = Some.InstantlyKey();
        var salesloft = Some.SalesloftKey();
        vendor.LiveKeys.UnionWith([live, salesloft]);
        using var tree = new TempDirectory();
        tree.Write("a.env", $"INSTANTLY_API_KEY={live}\n");
        tree.Write("b.env", $"INSTANTLY_API_KEY={live}\nOLD_INSTANTLY_API_KEY={revoked}\n");
        tree.Write("c.env", $"SALESLOFT_API_KEY={salesloft}\n");
        using var http = new HttpClient();
        var verifier = new KeyVerifier(http, Options(vendor.BaseUrl, rate: 1000), TimeProvider.System);

        var result = await ScanRunner.RunAsync(new ScanRequest { Path = tree.Path, Verifier = verifier });

        var byKey = result.Findings.Where(f => f.Secret is not null).GroupBy(f => f.Secret!.Reveal()).ToDictionary(g => g.Key, g => g.Select(f => f.Verification).Distinct().Single());
        Assert.Equal(VerificationStatus.Live, byKey[live]);
        Assert.Equal(VerificationStatus.Invalid, byKey[revoked]);
        Assert.Equal(VerificationStatus.Live, byKey[salesloft]);
        Assert.Equal(3, verifier.RequestsSent);
        Assert.Equal(3, vendor.Requests.Count);
        Assert.Contains(vendor.Requests, r => r.Path == "/v2/me" && r.Token == salesloft);
    }

    [Fact]
    public async Task Verify_RespectsTheRequestRate()
    {
        await using var vendor = await VendorStub.StartAsync();
        using var tree = new TempDirectory();
        for (var i = 0; i < 4; i++)
        {
            tree.Write($"k{i}.env", $"INSTANTLY_API_KEY={Some.InstantlyKey()}\n");
        }

        using var http = new HttpClient();
        var verifier = new KeyVerifier(http, Options(vendor.BaseUrl, rate: 20), TimeProvider.System);

        await ScanRunner.RunAsync(new ScanRequest { Path = tree.Path, Verifier = verifier });

        var stamps = vendor.Requests.Select(r => r.Timestamp).Order().ToArray();
        Assert.Equal(4, stamps.Length);
        // 20/s spaces 4 requests over 3 intervals of 50 ms. The first also pays for the TCP connection, which can make
        // the later gaps look shorter, so require two intervals: unthrottled, 4 loopback requests take a few ms.
        var spread = Stopwatch.GetElapsedTime(stamps[0], stamps[^1]);
        Assert.True(spread >= TimeSpan.FromMilliseconds(100), $"4 requests at 20/s took only {spread.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Verify_VendorUnreachable_IsUnknownNotAnError()
    {
        using var tree = new TempDirectory();
        tree.Write("a.env", $"INSTANTLY_API_KEY={Some.InstantlyKey()}\n");
        using var http = new HttpClient();
        var verifier = new KeyVerifier(http, Options(new Uri("http://127.0.0.1:9"), rate: 1000), TimeProvider.System);

        var result = await ScanRunner.RunAsync(new ScanRequest { Path = tree.Path, Verifier = verifier });

        Assert.All(result.Findings.Where(f => f.RuleId.StartsWith("instantly", StringComparison.Ordinal)), f => Assert.Equal(VerificationStatus.Unknown, f.Verification));
    }

    [Theory]
    [InlineData("http://api.instantly.ai")]
    [InlineData("http://10.0.0.5:8080")]
    public void Options_PlainHttpToAnotherMachine_IsRefused(string url)
    {
        var options = new KeyVerifierOptions { InstantlyBaseUrl = new Uri(url) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("refusing to send keys", error.Message, StringComparison.Ordinal);
    }

    private static KeyVerifierOptions Options(Uri baseUrl, int rate) =>
        new() { InstantlyBaseUrl = baseUrl, SalesloftBaseUrl = baseUrl, MaxRequestsPerSecond = rate, RequestTimeout = TimeSpan.FromSeconds(5) };
}
