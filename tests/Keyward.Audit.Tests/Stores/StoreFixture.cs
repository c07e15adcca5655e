namespace Keyward.Audit.Tests.Stores;

/// <summary>A fresh, empty store of one kind, and raw SQL access to it for tampering as a database admin would.</summary>
public abstract class StoreFixture : IAsyncDisposable
{
    /// <summary>Gets the store reference for <see cref="AuditLogOptions.Store"/>.</summary>
    public abstract string Reference { get; }

    /// <summary>Runs SQL directly against the store's database, bypassing the log.</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>Removes the append-only protection, as an admin who wants to edit history would.</summary>
    public abstract Task DropProtectionAsync();

    /// <summary>SQL that swaps two entries' contents in place (sequence numbers stay).</summary>
    public abstract string SwapSql(long a, long b);

    public abstract ValueTask DisposeAsync();
}
