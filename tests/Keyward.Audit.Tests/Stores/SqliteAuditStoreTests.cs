namespace Keyward.Audit.Tests.Stores;

public sealed class SqliteAuditStoreTests : AuditStoreContract<SqliteFixture>
{
    protected override string NotSucceeded => "1 - succeeded";

    // SQLite has no XOR: change the first byte's low hex digit instead.
    protected override string FlipFirstByte(string column) =>
        $"unhex(substr(hex({column}), 1, 1) || CASE substr(hex({column}), 2, 1) WHEN '0' THEN '1' ELSE '0' END || substr(hex({column}), 3))";
}
