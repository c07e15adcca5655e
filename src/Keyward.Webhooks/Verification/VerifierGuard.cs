using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>Argument checks the verifiers' constructors share; messages never include a secret.</summary>
internal static class VerifierGuard
{
    public static List<SecretValue> Secrets(IEnumerable<SecretValue> secrets, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(secrets, parameterName);
        var list = secrets.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one secret is required.", parameterName);
        }

        if (list.Any(s => s is null || s.Length == 0))
        {
            throw new ArgumentException("Secrets must not be null or empty.", parameterName);
        }

        return list;
    }

    public static string Header(string header, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(header, parameterName);
        return header;
    }

    /// <summary>Reads a header and trims it; a missing or oversized header becomes a failure.</summary>
    public static bool TryRead(HeaderLookup headers, string name, out string value, out VerificationResult failure)
    {
        var raw = headers(name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            value = string.Empty;
            failure = VerificationResult.Fail(VerificationFailure.MissingHeader, $"header {name} is missing");
            return false;
        }

        if (raw.Length > WebhookVerifyConstants.MaxHeaderLength)
        {
            value = string.Empty;
            failure = VerificationResult.Fail(VerificationFailure.MalformedHeader, $"header {name} is longer than {WebhookVerifyConstants.MaxHeaderLength} characters");
            return false;
        }

        value = raw.Trim();
        failure = default;
        return true;
    }
}
