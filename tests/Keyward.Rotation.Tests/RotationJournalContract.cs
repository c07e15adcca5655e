using Keyward.Core.Secrets;
using Keyward.Secrets;
using Keyward.Tests.Shared;

namespace Keyward.Rotation.Tests;

/// <summary>What every journal backend (SQLite, PostgreSQL) must do.</summary>
public abstract class RotationJournalContract : IDisposable
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    protected static readonly SecretReference Secret = SecretReference.Parse("vault-file:/srv/app/secrets.kwv#CRM_KEY");

    private protected TempDirectory Directory { get; } = new();

    public void Dispose()
    {
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void OneOpenRotationPerSecret_ASecondIsRefusedUntilTheFirstIsDone()
    {
        using var journal = Open();
        var first = journal.Begin(Plan("kwrot-000000000001"), Secret);

        var refused = Assert.Throws<RotationException>(() => journal.Begin(Plan("kwrot-000000000002"), Secret));
        journal.Advance(first with { Step = RotationStep.Done }, "done");
        journal.Begin(Plan("kwrot-000000000003"), Secret);

        Assert.Contains("kwrot-000000000001", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--resume", refused.Message, StringComparison.Ordinal);
        Assert.Equal("kwrot-000000000003", journal.FindOpen(Secret)!.Id);
        Assert.Equal(["kwrot-000000000003", "kwrot-000000000001"], journal.List().Select(r => r.Id));
        Assert.Equal(["kwrot-000000000003"], journal.List(openOnly: true).Select(r => r.Id));
    }

    [Fact]
    public void Steps_SurviveReopening_WithTheirHistory()
    {
        using (var journal = Open())
        {
            var record = journal.Begin(Plan("kwrot-00000000000a"), Secret);
            journal.Advance(record with { Step = RotationStep.Creating }, "creating");
            journal.Advance(record with { Step = RotationStep.Created, NewKeyId = "new-id" }, "created", new SecretValue("new-key-value-0123456789"));
        }

        using var reopened = Open();
        var open = reopened.FindOpen(Secret)!;

        Assert.Equal(open, reopened.Get(open.Id));
        Assert.Throws<RotationException>(() => reopened.Get("kwrot-ffffffffffff"));
        Assert.Equal(RotationStep.Created, open.Step);
        Assert.Equal("new-id", open.NewKeyId);
        Assert.Equal(TimeSpan.FromMinutes(10), open.Grace);
        Assert.Equal(Secret, reopened.SecretOf(open));
        Assert.Equal("new-key-value-0123456789", reopened.OpenNewKey(open).Reveal());
        Assert.Equal([RotationStep.Planned, RotationStep.Creating, RotationStep.Created], reopened.Events(open.Id).Select(e => e.Step));
    }

    [Fact]
    public void TheNewKey_OpensOnlyWithTheMasterKey_AndIsErasedWhenDone()
    {
        RotationRecord record;
        using (var journal = Open())
        {
            record = journal.Begin(Plan("kwrot-00000000000b"), Secret);
            record = journal.Advance(record with { Step = RotationStep.Created, NewKeyId = "new-id" }, "created", new SecretValue("new-key-value-0123456789"));
        }

        using var wrongKey = Open(new SecretSeal(Path.Combine(Directory.Path, "other.key")));
        var wrongKeyError = Assert.Throws<SecretStoreException>(() => wrongKey.OpenNewKey(record));
        using var journalAgain = Open();
        journalAgain.Advance(record with { Step = RotationStep.Done }, "done");

        Assert.Contains("master key", wrongKeyError.Message, StringComparison.Ordinal);
        Assert.Throws<RotationException>(() => journalAgain.OpenNewKey(record));
    }

    [Fact]
    public void Lock_KeepsASecondRunOff_UntilTheFirstEnds()
    {
        using var journal = Open();
        using var otherProcess = Open();
        var record = journal.Begin(Plan("kwrot-00000000000c"), Secret);

        var held = journal.Lock(record);
        var refused = Assert.Throws<RotationException>(() => otherProcess.Lock(record));
        held.Dispose();
        using var again = otherProcess.Lock(record);

        Assert.Contains("another process", refused.Message, StringComparison.Ordinal);
    }

    protected abstract RotationJournal Open(SecretSeal? seal = null);

    protected SecretSeal MasterSeal() => new(Path.Combine(Directory.Path, "master.key"));

    protected static RotationRecord Plan(string id) =>
        new(id, Secret.ToString(), RotationStep.Planned, Guid.NewGuid().ToString(), "crm-sync", "campaigns:read", $"crm-sync [keyward {id}]", null, null, TimeSpan.FromMinutes(10), null, Now, Now, null);

    protected sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
