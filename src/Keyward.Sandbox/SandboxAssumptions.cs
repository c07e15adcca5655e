using Keyward.Providers.Instantly;

namespace Keyward.Sandbox;

/// <summary>The one place for the Instantly behaviours the sandbox must emulate but the vendor does not document
/// (reference, section 8). Each is a guess; change it here when the vendor says otherwise.</summary>
public static class SandboxAssumptions
{
    /// <summary>Delivery attempts and their delays: the first at once, then the retries of
    /// <see cref="InstantlyWebhookAssumptions.RetryDelays"/> ("3 retries within 30 s", a third-party claim, reference
    /// 4.3). When every attempt of one delivery fails, the sandbox disables the webhook (status -1); the real
    /// threshold is undocumented too.</summary>
    public static readonly IReadOnlyList<TimeSpan> WebhookAttemptDelays = [TimeSpan.Zero, .. InstantlyWebhookAssumptions.RetryDelays];

    /// <summary>Per-attempt timeout of a webhook delivery: undocumented.</summary>
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether <c>GET /api-keys</c> returns the secret: undocumented (reference 8.2); the sandbox masks it
    /// to its first four characters, the safe reading.</summary>
    public const bool ListMasksKeys = true;

    /// <summary>The message of a 401 for a key that is unknown or revoked: undocumented.</summary>
    public const string InvalidKeyMessage = "Invalid API key";

    /// <summary>Instantly logs only some activity types; the sandbox records every API call so that least-privilege
    /// analysis can see what each key did. Calls with no documented activity type get this one.</summary>
    public const int ApiRequestActivityType = 0;

    /// <summary>Whether a general 429 carries <c>Retry-After</c> (reference 5.2): the sandbox sends it, in seconds.</summary>
    public const bool RateLimitSendsRetryAfter = true;

    /// <summary>Salesloft retries a failing delivery "3 more times, 15 s apart" (documented); the sandbox follows.</summary>
    public static readonly IReadOnlyList<TimeSpan> SalesloftAttemptDelays =
        [TimeSpan.Zero, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15)];

    /// <summary>The 401 body of a Salesloft request with no bearer token (observed); a wrong token is undocumented
    /// and answered with <see cref="SalesloftInvalidTokenMessage"/>.</summary>
    public const string SalesloftMissingTokenMessage = "No Bearer Token attached to request, please see documentation at developers.salesloft.com";

    /// <summary>The 401 body of a Salesloft request with an unknown token: undocumented.</summary>
    public const string SalesloftInvalidTokenMessage = "Invalid Bearer Token";

    /// <summary>Whether subscription responses echo <c>callback_token</c>: undocumented; the sandbox never does.</summary>
    public const bool SalesloftEchoesCallbackToken = false;
}
