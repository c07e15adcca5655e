using System.Security.Cryptography;
using Keyward.Audit.Verification;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;

namespace Keyward.Audit.Tests.Stores;

/// <summary>The behaviour every audit store must have; one subclass per store runs it against a real database.</summary>
public abstract class AuditStoreContract<TFixture> : IAsyncLifetime
    where TFixture : StoreFixture, new()
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    protected TFixture Fixture { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Fixture = new TFixture();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Fixture.DisposeAsync();

    [Fact]
    public async Task Appends_AreNumberedChainedAndReadBackExactly()
    {
        await using var log = await OpenAsync();
        var first = await log.AppendAsync(Record(1, metadata: new Dictionary<string, string> { ["status"] = "200", ["attempt"] = "1" }));
        var second = await log.AppendAsync(Record(2, succeeded: false, reason: "HTTP 403"));

        var read = await log.ReadAsync().ToListAsync();

        Assert.Equal([1L, 2L], read.Select(e => e.Sequence));
        Assert.Equal(first.Hash, read[0].Hash);
        Assert.Equal(read[0].Hash, read[1].PreviousHash);
        Assert.Equal(new byte[32], read[0].PreviousHash);
        Assert.Equal("""{"attempt":"1","status":"200"}""", read[0].Metadata);
        Assert.Equal("HTTP 403", read[1].Reason);
        Assert.False(read[1].Succeeded);
        Assert.Equal(Start.AddSeconds(2), read[1].Timestamp);
        Assert.Equal(second.HashHex, (await log.VerifyAsync()).HeadHash);
        Assert.True((await log.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task ConcurrentAppends_KeepOneLinearChain()
    {
        await using var log = await OpenAsync();

        var entries = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => log.AppendAsync(Record(i))));

        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        var verification = await log.VerifyAsync();
        Assert.True(verification.IsValid, verification.Problem?.Detail);
        Assert.Equal(500, verification.EntriesChecked);
    }

    [Fact]
    public async Task TheTableRefusesUpdatesAndDeletes()
    {
        await using var log = await SeedAsync(3);

        await Assert.ThrowsAnyAsync<Exception>(() => Fixture.ExecuteAsync("UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 2"));
        await Assert.ThrowsAnyAsync<Exception>(() => Fixture.ExecuteAsync("DELETE FROM audit_entries WHERE sequence = 3"));
        Assert.True((await log.VerifyAsync()).IsValid);
    }

    [Theory]
    [InlineData("actor = 'mallory'")]
    [InlineData("metadata = '{\"status\":\"201\"}'")]
    [InlineData("succeeded = NOT succeeded")]
    [InlineData("timestamp_us = timestamp_us + 1")]
    public async Task ChangedField_IsFoundAtItsSequence(string change)
    {
        await using var log = await SeedAsync(10);
        await Fixture.DropProtectionAsync();

        await Fixture.ExecuteAsync($"UPDATE audit_entries SET {change.Replace("NOT succeeded", NotSucceeded, StringComparison.Ordinal)} WHERE sequence = 6");

        AssertProblem(await log.VerifyAsync(), 6, AuditProblemKind.Changed);
    }

    [Fact]
    public async Task FlippedHashByte_IsFound()
    {
        await using var log = await SeedAsync(10);
        await Fixture.DropProtectionAsync();

        await Fixture.ExecuteAsync($"UPDATE audit_entries SET hash = {FlipFirstByte("hash")} WHERE sequence = 4");

        var problem = (await log.VerifyAsync()).Problem!;
        Assert.Equal(4, problem.Sequence);
        Assert.Equal(AuditProblemKind.Changed, problem.Kind);
    }

    [Fact]
    public async Task DeletedEntry_IsFoundAsMissing()
    {
        await using var log = await SeedAsync(10);
        await Fixture.DropProtectionAsync();

        await Fixture.ExecuteAsync("DELETE FROM audit_entries WHERE sequence IN (5, 6)");

        var verification = await log.VerifyAsync();
        AssertProblem(verification, 5, AuditProblemKind.Missing);
        Assert.Contains("entries 5 to 6 are missing", verification.Problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwappedEntries_AreFoundAsReordered()
    {
        await using var log = await SeedAsync(10);
        await Fixture.DropProtectionAsync();

        await Fixture.ExecuteAsync(Fixture.SwapSql(3, 7));

        AssertProblem(await log.VerifyAsync(), 3, AuditProblemKind.Reordered);
    }

    [Fact]
    public async Task InsertedEntry_IsFound()
    {
        await using var log = await SeedAsync(10);
        await Fixture.DropProtectionAsync();

        // Make room after entry 4 and copy entry 4 into the gap: a forged entry that links correctly to entry 3.
        await Fixture.ExecuteAsync("UPDATE audit_entries SET sequence = sequence + 1000 WHERE sequence >= 5");
        await Fixture.ExecuteAsync("UPDATE audit_entries SET sequence = sequence - 999 WHERE sequence >= 1005");
        await Fixture.ExecuteAsync(
            "INSERT INTO audit_entries SELECT 5, timestamp_us, 'mallory', action, resource, succeeded, reason, metadata, source, source_id, previous_hash, hash FROM audit_entries WHERE sequence = 4");

        var problem = (await log.VerifyAsync()).Problem!;
        Assert.Equal(5, problem.Sequence);
        Assert.Contains(problem.Kind, new[] { AuditProblemKind.Reordered, AuditProblemKind.Changed });
    }

    [Fact]
    public async Task TruncatedTail_IsFoundOnlyWithACheckpoint()
    {
        await using var log = await SeedAsync(10);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = await log.CheckpointAsync(key);
        await Fixture.DropProtectionAsync();

        await Fixture.ExecuteAsync("DELETE FROM audit_entries WHERE sequence > 7");

        Assert.True((await log.VerifyAsync()).IsValid);
        AssertProblem(await log.VerifyAsync(checkpoint), 8, AuditProblemKind.Truncated);
    }

    [Fact]
    public async Task RewrittenHistory_PassesPlainVerify_ButNotTheCheckpoint()
    {
        await using var log = await SeedAsync(5);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = await log.CheckpointAsync(key);
        await Fixture.DropProtectionAsync();

        // A database admin with plain SHA-256 can rebuild a consistent chain from scratch...
        await Fixture.ExecuteAsync("DELETE FROM audit_entries");
        await using (var forger = await OpenAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                await forger.AppendAsync(Record(i) with { Actor = "someone-else" });
            }
        }

        // ...which only the checkpoint kept elsewhere exposes.
        Assert.True((await log.VerifyAsync()).IsValid);
        AssertProblem(await log.VerifyAsync(checkpoint), 5, AuditProblemKind.CheckpointMismatch);
    }

    [Fact]
    public async Task HmacChain_CannotBeRebuiltWithoutTheKey_AndVerifyNeedsTheKey()
    {
        var secret = new SecretValue(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await using (var log = await OpenAsync(secret))
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(Record(i));
            }
        }

        await using var keyless = await OpenAsync();
        var missingKey = await Assert.ThrowsAsync<AuditConfigurationException>(() => keyless.VerifyAsync());
        Assert.Contains("--key", missingKey.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AuditConfigurationException>(() => keyless.AppendAsync(Record(9)));

        await using var keyed = await OpenAsync(secret);
        Assert.True((await keyed.VerifyAsync()).IsValid);
        await Fixture.DropProtectionAsync();
        await Fixture.ExecuteAsync("UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 3");
        AssertProblem(await keyed.VerifyAsync(), 3, AuditProblemKind.Changed);

        await using var wrongKey = await OpenAsync(new SecretValue(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        AssertProblem(await wrongKey.VerifyAsync(), 1, AuditProblemKind.Changed);
    }

    [Fact]
    public async Task ForgedCheckpoint_IsFound()
    {
        await using var log = await SeedAsync(3);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = await log.CheckpointAsync(key);

        var forged = checkpoint with { Sequence = 2 };

        Assert.True(checkpoint.HasValidSignature());
        AssertProblem(await log.VerifyAsync(forged), 2, AuditProblemKind.CheckpointForged);
    }

    [Fact]
    public async Task Secrets_PlantedInEveryField_NeverReachTheStore()
    {
        const string planted = "MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwOkZha2VTZWNyZXQwMA=="; // keyward:allow (fake test vector)
        const string github = "ghp_0123456789abcdefghijklmnopqrstuvwxyZ"; // keyward:allow (fake)
        await using var log = await OpenAsync();

        await log.AppendAsync(new AuditRecord(
            Start,
            $"user with {planted}",
            $"instantly.api.call {github}",
            $"GET /api/v2/x?api_key={planted}",
            false,
            $"Authorization: Bearer {planted}",
            new Dictionary<string, string> { ["note"] = $"key {planted}", ["api_key"] = "short-but-named-secret", ["token"] = github }));

        var stored = (await log.ReadAsync().ToListAsync()).Single();
        var text = string.Join('|', stored.Actor, stored.Action, stored.Resource, stored.Reason, stored.Metadata);
        Assert.DoesNotContain(planted, text, StringComparison.Ordinal);
        Assert.DoesNotContain(github, text, StringComparison.Ordinal);
        Assert.DoesNotContain("short-but-named-secret", text, StringComparison.Ordinal);
        Assert.Contains("[redacted MDAw...(68 chars)]", text, StringComparison.Ordinal);
        Assert.Contains("GET /api/v2/x", stored.Resource, StringComparison.Ordinal);
        Assert.True((await log.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task FailingStore_FailsTheAuditedAction_OrWarnsWhenConfigured()
    {
        await using var log = await SeedAsync(1);
        await using var lenient = await AuditLog.OpenAsync(new AuditLogOptions { Store = Fixture.Reference, FailureMode = AuditFailureMode.Warn, OnWarning = e => Warnings.Add(e) });
        await Fixture.DropProtectionAsync();
        await Fixture.ExecuteAsync("ALTER TABLE audit_entries RENAME TO audit_entries_gone");

        await Assert.ThrowsAnyAsync<Exception>(() => ((IAuditSink)log).WriteAsync(Record(2)).AsTask());
        await ((IAuditSink)lenient).WriteAsync(Record(3));

        Assert.Single(Warnings);
    }

    [Fact]
    public async Task Append_AfterDispose_Throws_NamingTheAuditLog()
    {
        var log = await OpenAsync();
        await log.AppendAsync(Record(1));
        await log.DisposeAsync();

        var refused = await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync(Record(2)));
        Assert.Equal(typeof(AuditLog).FullName, refused.ObjectName);
    }

    [Fact]
    public async Task Imports_AreIdempotentBySourceId()
    {
        await using var log = await OpenAsync();
        var records = Enumerable.Range(0, 5).Select(i => (Record(i), $"vendor-{i}")).ToArray();

        var first = await log.ImportAsync(records, AuditEntry.InstantlySource, CancellationToken.None);
        var again = await log.ImportAsync(records.Append((Record(9), "vendor-9")), AuditEntry.InstantlySource, CancellationToken.None);

        Assert.Equal(5, first);
        Assert.Equal(1, again);
        Assert.Equal(6, (await log.ReadAsync().ToListAsync()).Count);
        Assert.Equal(Start.AddSeconds(9), await log.LatestAsync(AuditEntry.InstantlySource, CancellationToken.None));
    }

    private List<Exception> Warnings { get; } = [];

    protected abstract string NotSucceeded { get; }

    protected abstract string FlipFirstByte(string column);

    protected Task<AuditLog> OpenAsync(SecretValue? key = null) =>
        AuditLog.OpenAsync(new AuditLogOptions { Store = Fixture.Reference, HmacKey = key });

    private async Task<AuditLog> SeedAsync(int count)
    {
        var log = await OpenAsync();
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(Record(i));
        }

        return log;
    }

    private static AuditRecord Record(int i, bool succeeded = true, string? reason = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(Start.AddSeconds(i), $"instantly-key:key-{i % 3}", "instantly.api.call", $"GET /api/v2/campaigns/{i}", succeeded, reason,
            metadata ?? new Dictionary<string, string> { ["status"] = "200" });

    private static void AssertProblem(AuditVerification verification, long sequence, AuditProblemKind kind)
    {
        Assert.False(verification.IsValid);
        Assert.Equal(kind, verification.Problem!.Kind);
        Assert.Equal(sequence, verification.Problem.Sequence);
    }
}
