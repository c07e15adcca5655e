namespace Keyward.Posture;

/// <summary>The organisation's rules the checks hold a workspace to (the <c>policy:</c> section of keyward.yaml).
/// Every value has a default, so <c>keyward check</c> is useful with no configuration at all.</summary>
public sealed record PosturePolicy
{
    /// <summary>Gets the oldest a key may be before it must rotate (KW006).</summary>
    /// <value>The default value is 90 days.</value>
    public TimeSpan MaxKeyAge { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Gets how long a key may go unused before it should be revoked (KW007).</summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan UnusedAfter { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Gets the scopes no key of a production workspace may hold (KW004).</summary>
    /// <value>The default value is <c>all:all</c>.</value>
    public IReadOnlyList<ScopePattern> ProductionForbiddenScopes { get; init; } = [ScopePattern.Parse("all:all")];

    /// <summary>Gets a value indicating whether keys of dev workspaces must be read-only (KW004).</summary>
    /// <value>The default value is true.</value>
    public bool DevReadOnly { get; init; } = true;

    /// <summary>Gets the most owners and admins a workspace may have together (KW009).</summary>
    /// <value>The default value is 3.</value>
    public int MaxAdmins { get; init; } = 3;

    /// <summary>Gets the email domains members may come from (KW009); empty means the owner's domain and the
    /// workspace's own domain.</summary>
    public IReadOnlyList<string> MemberDomains { get; init; } = [];

    /// <summary>Gets the competitors' domains the block list must hold (KW010).</summary>
    public IReadOnlyList<string> CompetitorDomains { get; init; } = [];

    /// <summary>Gets how recent the last pull of Instantly's audit log must be (KW011).</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan AuditPullMaxAge { get; init; } = TimeSpan.FromDays(7);
}
