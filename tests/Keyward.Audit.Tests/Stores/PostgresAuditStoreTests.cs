namespace Keyward.Audit.Tests.Stores;

public sealed class PostgresAuditStoreTests : AuditStoreContract<PostgresFixture>
{
    protected override string NotSucceeded => "NOT succeeded";

    protected override string FlipFirstByte(string column) => $"set_byte({column}, 0, get_byte({column}, 0) # 1)";
}
