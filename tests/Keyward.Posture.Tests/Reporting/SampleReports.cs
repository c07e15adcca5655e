using Keyward.Core;

namespace Keyward.Posture.Tests.Reporting;

/// <summary>Reports built by hand, so the renderer tests do not depend on how the checks evaluate.</summary>
/// <remarks>
/// The ids, titles and severities are those of the real checklist; summaries, evidence and fixes are shaped like
/// what the checks write (KW001 <c>path:line rule</c>, KW002 <c>path: description</c>). KW004's summary holds a
/// pipe and a newline on purpose, for the Markdown table escaping.
/// </remarks>
internal static class SampleReports
{
    public static readonly DateTimeOffset GeneratedAt = new(2026, 5, 1, 9, 30, 0, TimeSpan.Zero);

    public const string Target = "repository . and workspace Acme (production)";

    public static KeyFacts ProdSender { get; } = new("prod-sender", "key-01", 120, 12, 9, Severity.Critical);

    public static KeyFacts Reporting { get; } = new("reporting", "key-02", 30, 3, 0, Severity.Low);

    public static KeyFacts ZapierSync { get; } = new("zapier-sync", "key-03", 95, 5, null, Severity.High);

    public static CheckResult[] Results() =>
    [
        new("KW001", "No hardcoded keys in the repository", Severity.Critical, CheckStatus.Fail,
            "2 secrets written in the working tree and its git history",
            ["src/send.js:12 instantly-api-key", "config/old settings.json:3 instantly-api-key (commit 0123456789ab)"],
            "Treat each key as leaked: rotate it (keyward keys rotate --secret REF), then install the pre-commit hook (keyward hook install)."),
        new("KW002", ".env and key files are git-ignored and untracked", Severity.High, CheckStatus.Fail,
            "2 hygiene problems",
            [".gitignore: .gitignore does not ignore .env.*; add the line '.env.*'", "deploy/.env: deploy/.env is committed; remove it with 'git rm --cached deploy/.env'"],
            "Add to .gitignore: .env, .env.*, !.env.example, *.key, *.pem; untrack what is tracked with git rm --cached FILE."),
        new("KW003", "Keys come from secret references, one key per environment", Severity.High, CheckStatus.Pass,
            "2 environments, each key from a secret reference, all different", ["production: vault-file:~/.keyward/secrets.kwv#instantly/prod"], null),
        new("KW004", "Scopes fit the environment's policy", Severity.Critical, CheckStatus.Fail,
            "prod-sender holds all:all | leads:delete\nin production",
            ["key prod-sender (key-01) holds all:all in production"],
            "keyward keys create --name prod-sender-v2 --scopes campaigns:read,leads:update\nkeyward keys revoke key-01"),
        new("KW005", "Keys hold only the scopes their calls need", Severity.Medium, CheckStatus.Fail,
            "1 key holds scopes its calls never used",
            ["key prod-sender (key-01): 9 of 12 scopes unused; minimal set: campaigns:read,leads:update,emails:create"],
            "keyward scopes plan --op \"GET /api/v2/campaigns\" --op \"PATCH /api/v2/leads/{id}\""),
        new("KW006", "Keys are rotated within the maximum age", Severity.High, CheckStatus.Fail,
            "2 keys older than 90 days",
            ["key prod-sender (key-01) is 120 days old", "key zapier-sync (key-03) is 95 days old"],
            "Rotate each without downtime: keyward keys rotate --secret REF; keyward keys due lists them."),
        new("KW007", "No unused keys", Severity.Medium, CheckStatus.Pass, "3 keys, all used in the last 30 days", [], null),
        new("KW008", "Webhooks authenticate, use https and are enabled", Severity.High, CheckStatus.Skipped,
            "skipped: the key lacks webhooks:read (grant it, or use the posture-audit preset)", [], null),
        new("KW009", "Workspace members hold minimum roles and come from expected domains", Severity.Medium, CheckStatus.Pass,
            "4 members, 1 owner, all from acme.example", [], null),
        new("KW010", "The block list holds your own and your competitors' domains", Severity.Low, CheckStatus.Fail,
            "acme.example is not on the block list",
            ["missing: acme.example"],
            "keyward blocklist add acme.example"),
        new("KW011", "The audit trail verifies and is pulled regularly", Severity.Medium, CheckStatus.Skipped,
            "skipped: no local audit log (.keyward/audit.db); run keyward audit-log pull", [], null),
    ];

    /// <summary>The eleven checks (six failed, three passed, two skipped) and three keys.</summary>
    public static PostureReport Full() =>
        new(Target, "production", GeneratedAt, Results(), [ProdSender, Reporting, ZapierSync]);

    /// <summary>The same checks without a workspace: no keys.</summary>
    public static PostureReport WithoutKeys() =>
        new("repository .", "dev", GeneratedAt, Results(), []);

    /// <summary>A report with <paramref name="planted"/> in every piece of free text.</summary>
    public static PostureReport Planted(string planted) =>
        new(
            Target + planted,
            "production" + planted,
            GeneratedAt,
            [new("KW004", "Scopes fit the environment's policy" + planted, Severity.Critical, CheckStatus.Fail, "summary " + planted, ["evidence " + planted], "fix " + planted)],
            [new KeyFacts("key " + planted, "id" + planted, 100, 4, 1, Severity.High)]);
}
