using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Posture.Tests;

/// <summary>Least privilege in practice (KW005) from both audit logs: Instantly's, and the local one where keyward's
/// client records every call, including those Instantly does not log.</summary>
public sealed class KeyUsageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CallsOnlyTheLocalLogHolds_AreEnoughToPlanTheKey_AndTheChecksOwnCallsAreLeftOut()
    {
        var key = new ApiKey("0b9a4a51-8e43-4f3e-9b3c-2f1d7f6c9e10", "crm-sync", ["leads:all", "campaigns:read"], Now.AddDays(-10));
        var snapshot = Snapshot(key);
        LocalCall[] calls =
        [
            new(key.Id, "GET /api/v2/campaigns", Now.AddDays(-2)),
            new(key.Id, "POST /api/v2/leads", Now.AddDays(-1)),
            new(key.Id, "DELETE /api/v2/leads/{id}", Now.AddMinutes(1)), // after the snapshot began: the check's own
            new(key.Id, "DELETE /api/v2/leads/{id}", Now.AddDays(-90)), // before the window
        ];

        var usage = Assert.Single(KeyUsage.Of(snapshot, calls));

        Assert.Equal(2, usage.Calls);
        Assert.Equal("campaigns:read leads:create", usage.Diff!.Plan.ScopeSet.ToString());
        Assert.Equal(["leads:all"], usage.Diff.Excess.Select(e => e.Risk.Scope.ToString()));
    }

    [Fact]
    public void AKeyWithNoCallInEitherLog_IsNotPlanned()
    {
        var key = new ApiKey("5d1c7f0e-3b2a-4c8d-9e6f-1a2b3c4d5e6f", "idle", ["all:all"], Now.AddDays(-40));

        var usage = Assert.Single(KeyUsage.Of(Snapshot(key), []));

        Assert.Equal(0, usage.Calls);
        Assert.Null(usage.Diff);
    }

    private static WorkspaceSnapshot Snapshot(params ApiKey[] keys) => new()
    {
        Workspace = new(null, "not read in this test"),
        Keys = new(keys, null),
        Webhooks = new(null, "not read in this test"),
        Members = new(null, "not read in this test"),
        BlockList = new(null, "not read in this test"),
        AuditLog = new([], null),
        AuditSince = Now.AddDays(-30),
        CollectedAt = Now,
    };
}
