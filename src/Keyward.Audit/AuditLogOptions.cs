using Keyward.Core.Secrets;

namespace Keyward.Audit;

/// <summary>Where the audit log lives and how it chains and fails.</summary>
public sealed class AuditLogOptions
{
    /// <summary>Gets or sets the store: <c>sqlite:PATH</c> (default <c>sqlite:.keyward/audit.db</c>) or
    /// <c>postgres:CONNECTION STRING</c>.</summary>
    public string Store { get; set; } = Stores.AuditStores.DefaultReference;

    /// <summary>Gets or sets the HMAC key (at least 32 bytes of UTF-8): with it the chain is HMAC-SHA256 and a
    /// database admin without the key cannot forge it; without it, plain SHA-256. Fixed at the first append.</summary>
    public SecretValue? HmacKey { get; set; }

    /// <summary>Gets or sets what an audited action does when its entry cannot be stored.</summary>
    public AuditFailureMode FailureMode { get; set; } = AuditFailureMode.Fail;

    /// <summary>Gets or sets the callback for failures in <see cref="AuditFailureMode.Warn"/> mode.</summary>
    public Action<Exception>? OnWarning { get; set; }

    /// <summary>Gets or sets the most entries one group commit writes.</summary>
    public int MaxBatch { get; set; } = 4096;

    /// <summary>Gets or sets the clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
