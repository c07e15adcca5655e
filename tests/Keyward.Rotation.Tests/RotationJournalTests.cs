using Keyward.Core.Secrets;
using Keyward.Secrets;
using Keyward.Tests.Shared;

namespace Keyward.Rotation.Tests;

public sealed class RotationJournalTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly SecretReference Secret = SecretReference.Parse("vault-file:/srv/app/secrets.kwv#CRM_KEY");
    private readonly TempDirectory _directory = new();

    private string JournalPath => Path.Combine(_directory.Path, ".keyward", "rotations.db");

    public void Dispose() => _directory.Dispose();

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

        Assert.Equal(RotationStep.Created, open.Step);
        Assert.Equal("new-id", open.NewKeyId);
        Assert.Equal(TimeSpan.FromMinutes(10), open.Grace);
        Assert.Equal(Secret, reopened.SecretOf(open));
        Assert.Equal("new-key-value-0123456789", reopened.OpenNewKey(open).Reveal());
        Assert.Equal([RotationStep.Planned, RotationStep.Creating, RotationStep.Created], reopened.Events(open.Id).Select(e => e.Step));
    }

    [Fact]
    public void TheNewKeyAndTheReference_AreSealed_OpenOnlyWithTheMasterKey_AndAreErasedWhenDone()
    {
        var reference = SecretReference.Parse("postgres:Host=db;Password=hunter2-db-password#CRM_KEY");
        RotationRecord record;
        using (var journal = Open())
        {
            record = journal.Begin(Plan("kwrot-00000000000b") with { Secret = reference.ToString() }, reference);
            record = journal.Advance(record with { Step = RotationStep.Created, NewKeyId = "new-id" }, "created", new SecretValue("new-key-value-0123456789"));
        }

        var bytes = string.Concat(Directory.GetFiles(Path.GetDirectoryName(JournalPath)!).Select(f => Convert.ToHexString(File.ReadAllBytes(f))));
        using var wrongKey = RotationJournal.Open(JournalPath, new SecretSeal(Path.Combine(_directory.Path, "other.key")));
        var wrongKeyError = Assert.Throws<SecretStoreException>(() => wrongKey.OpenNewKey(record));
        using var journalAgain = Open();
        journalAgain.Advance(record with { Step = RotationStep.Done }, "done");

        Assert.DoesNotContain(Convert.ToHexString("new-key-value"u8), bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString("hunter2"u8), bytes, StringComparison.Ordinal);
        Assert.Contains("master key", wrongKeyError.Message, StringComparison.Ordinal);
        Assert.Throws<RotationException>(() => journalAgain.OpenNewKey(record));
    }

    [Fact]
    public void TheJournal_IsReadableByItsOwnerOnly()
    {
        using var journal = Open();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(JournalPath));
    }

    [Fact]
    public void Lock_KeepsASecondRunOff_UntilTheFirstEnds()
    {
        using var journal = Open();
        var record = journal.Begin(Plan("kwrot-00000000000c"), Secret);

        var held = journal.Lock(record);
        var refused = Assert.Throws<RotationException>(() => journal.Lock(record));
        held.Dispose();
        using var again = journal.Lock(record);

        Assert.Contains("another process", refused.Message, StringComparison.Ordinal);
    }

    private RotationJournal Open() => RotationJournal.Open(JournalPath, new SecretSeal(Path.Combine(_directory.Path, "master.key")), new FixedTime(Now));

    private static RotationRecord Plan(string id) =>
        new(id, Secret.ToString(), RotationStep.Planned, Guid.NewGuid().ToString(), "crm-sync", "campaigns:read", $"crm-sync [keyward {id}]", null, null, TimeSpan.FromMinutes(10), null, Now, Now, null);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
