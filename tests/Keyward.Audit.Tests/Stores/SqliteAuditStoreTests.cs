namespace Keyward.Audit.Tests.Stores;

public sealed class SqliteAuditStoreTests : AuditStoreContract<SqliteFixture>
{
    protected override string NotSucceeded => "1 - succeeded";

    [Fact]
    public async Task TheLogFile_IsReadableByItsOwnerOnly_AsAreItsSidecars_WhateverTheUmask()
    {
        await using (var log = await OpenAsync())
        {
            await log.AppendAsync(new Core.Auditing.AuditRecord(DateTimeOffset.UnixEpoch, "ci", "test.private", "audit.db", true));
            Assert.All(
                Directory.GetFiles(System.IO.Path.GetDirectoryName(Fixture.Path)!, "audit.db*"),
                file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
        }
    }

    // SQLite has no XOR: change the first byte's low hex digit instead.
    protected override string FlipFirstByte(string column) =>
        $"unhex(substr(hex({column}), 1, 1) || CASE substr(hex({column}), 2, 1) WHEN '0' THEN '1' ELSE '0' END || substr(hex({column}), 3))";
}
