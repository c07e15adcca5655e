namespace Keyward.Audit;

/// <summary>What happens to an audited action when its audit entry cannot be stored.</summary>
public enum AuditFailureMode
{
    /// <summary>The action fails too (the default): nobody can act unlogged by breaking the log.</summary>
    Fail,

    /// <summary>The action goes on and the failure is reported as a warning: for availability over accountability.</summary>
    Warn,
}
