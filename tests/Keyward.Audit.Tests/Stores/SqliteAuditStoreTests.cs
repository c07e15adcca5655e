using Keyward.Tests.Shared;
using Microsoft.Data.Sqlite;

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

    [Fact]
    public async Task Opening_ADatabaseItCannotWrite_WithNoLogYet_FailsAtOnce_WithSQLitesReason()
    {
        // A WAL database without the log's tables, as another tool leaves one.
        await Fixture.ExecuteAsync("PRAGMA journal_mode = WAL; PRAGMA user_version = 7;");
        File.SetUnixFileMode(Fixture.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        SqliteConnection.ClearAllPools();
        using var unwritable = UnwritableFile.TryMake(Fixture.Path);
        if (unwritable is null)
        {
            return; // root without immutable files: nothing here can make the file unwritable
        }

        // Its tables cannot be created. The error used to be dropped (dotnet/efcore#32740), leaving a log that failed
        // later with "no such table".
        var error = await Assert.ThrowsAsync<SqliteException>(() => OpenAsync());

        Assert.Contains("readonly database", error.Message, StringComparison.Ordinal);
    }

    // SQLite has no XOR: change the first byte's low hex digit instead.
    protected override string FlipFirstByte(string column) =>
        $"unhex(substr(hex({column}), 1, 1) || CASE substr(hex({column}), 2, 1) WHEN '0' THEN '1' ELSE '0' END || substr(hex({column}), 3))";
}
