using Keyward.Scanning.Rules;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests;

/// <summary>A small rule file of our own, so engine tests pin behaviour independent of the built-in rules.</summary>
internal static class TestRules
{
    public const string Yaml = """
        allowlist:
          - '(?i)replace-?me|your[-_]|<[^>]*>|\$\{'
        rules:
          - id: acme-token
            description: Acme token
            severity: high
            keywords: [acme_]
            regex: '(?<secret>acme_[A-Za-z0-9]{20})'
          - id: acme-assignment
            description: Anything assigned to ACME_SECRET
            severity: medium
            keywords: [acme_secret]
            regex: 'ACME_SECRET\s*=\s*(?<secret>[A-Za-z0-9_]{12,})'
            entropy: 3.0
          - id: instantly-api-key
            description: Instantly key
            severity: critical
            keywords: []
            regex: '(?<![A-Za-z0-9+/])(?<secret>[A-Za-z0-9+/]{60,136}={0,2})(?![A-Za-z0-9+/=])'
            validator: instantly-key
        """;

    public static RuleSet Set { get; } = RuleSet.Parse(Yaml, "test rules");

    public static string Token() => "acme_" + Some.AlphanumericString(20);
}
