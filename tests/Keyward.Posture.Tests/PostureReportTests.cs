using Keyward.Core;

namespace Keyward.Posture.Tests;

/// <summary>The score and the <c>--fail-on</c> rule that CI uses.</summary>
public sealed class PostureReportTests
{
    [Fact]
    public void Score_WeighsBySeverity_AndIgnoresSkippedChecks()
    {
        var report = Report(
            Result("KW001", Severity.Critical, CheckStatus.Pass),
            Result("KW010", Severity.Low, CheckStatus.Fail),
            Result("KW011", Severity.Medium, CheckStatus.Skipped));

        Assert.Equal(89, report.Score); // 8 of 9
        Assert.Equal(100, Report(Result("KW011", Severity.Medium, CheckStatus.Skipped)).Score);
        Assert.Equal(0, Report(Result("KW004", Severity.Critical, CheckStatus.Fail)).Score);
    }

    [Fact]
    public void FailsAt_CountsOnlyFailuresAtOrAboveTheThreshold()
    {
        var report = Report(Result("KW010", Severity.Low, CheckStatus.Fail), Result("KW004", Severity.Critical, CheckStatus.Skipped));

        Assert.True(report.FailsAt(Severity.Low));
        Assert.False(report.FailsAt(Severity.Medium));
        Assert.False(report.FailsAt(Severity.Critical));
    }

    private static PostureReport Report(params CheckResult[] results) => new("test", "production", DateTimeOffset.UnixEpoch, results, []);

    private static CheckResult Result(string id, Severity severity, CheckStatus status) => new(id, id, severity, status, "summary", [], status == CheckStatus.Fail ? "fix" : null);
}
