using Keyward.Core.Secrets;
using Keyward.Secrets;

namespace Keyward.Rotation.Tests;

public sealed class SqliteRotationJournalTests : RotationJournalContract
{
    private string JournalPath => Path.Combine(Directory.Path, ".keyward", "rotations.db");

    [Fact]
    public void TheJournal_IsReadableByItsOwnerOnly()
    {
        using var journal = Open();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(JournalPath));
    }

    [Fact]
    public void NeitherTheKeyNorTheReferencesPassword_IsOnDiskInTheClear()
    {
        var reference = SecretReference.Parse("postgres:Host=db;Password=hunter2-db-password#CRM_KEY");
        using (var journal = Open())
        {
            var record = journal.Begin(Plan("kwrot-00000000000d") with { Secret = reference.ToString() }, reference);
            journal.Advance(record with { Step = RotationStep.Created, NewKeyId = "new-id" }, "created", new SecretValue("new-key-value-0123456789"));
        }

        var bytes = string.Concat(System.IO.Directory.GetFiles(Path.GetDirectoryName(JournalPath)!).Select(f => Convert.ToHexString(File.ReadAllBytes(f))));

        Assert.DoesNotContain(Convert.ToHexString("new-key-value"u8), bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString("hunter2"u8), bytes, StringComparison.Ordinal);
    }

    protected override RotationJournal Open(SecretSeal? seal = null) => RotationJournal.Open(JournalPath, seal ?? MasterSeal(), new FixedTime(Now));
}
