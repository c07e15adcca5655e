using System.Net;
using System.Net.Http.Headers;
using Keyward.Scanning.Rules;

namespace Keyward.Scanning.Verification;

/// <summary>Asks the vendor whether found keys are live: opt-in (<c>--verify</c>), read-only, rate limited, cached.</summary>
/// <remarks>
/// <para>
/// Instantly: <c>GET /api/v2/workspaces/current</c>; 200, 402 (unpaid) and 403 (key lacks the scope) all prove the
/// key is live, 401 means unknown or revoked (reference section 6.3). Salesloft: <c>GET /v2/me</c>; 200 or 403 is
/// live, 401 is invalid. Anything else (429, 5xx, network) is <see cref="VerificationStatus.Unknown"/>.
/// </para>
/// <para>Each distinct key is sent once per run, and never logged. Not thread-safe: use one instance per scan.</para>
/// </remarks>
public sealed class KeyVerifier
{
    private readonly HttpClient _http;
    private readonly KeyVerifierOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, VerificationStatus> _cache = new(StringComparer.Ordinal);
    private long _nextRequestTicks;

    /// <summary>Initializes a new instance of the <see cref="KeyVerifier"/> class.</summary>
    /// <param name="http">A client from <c>IHttpClientFactory</c> (or the CLI's own); not disposed here.</param>
    /// <param name="options">Base URLs and rate; validated here.</param>
    /// <param name="time">The clock used for rate limiting.</param>
    /// <exception cref="ArgumentException">The options would send keys over plain HTTP to another machine.</exception>
    public KeyVerifier(HttpClient http, KeyVerifierOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _http = http;
        _options = options;
        _time = time;
    }

    /// <summary>Gets how many requests were sent so far.</summary>
    public int RequestsSent { get; private set; }

    /// <summary>Verifies every finding whose rule names a verifier; other findings are returned unchanged.</summary>
    /// <param name="result">The scan result.</param>
    /// <param name="rules">The rules the scan used, to look up each rule's verifier.</param>
    /// <param name="cancellationToken">Stops verification.</param>
    /// <returns>The result with <see cref="Finding.Verification"/> set where a check ran.</returns>
    public async Task<ScanResult> VerifyAsync(ScanResult result, RuleSet rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(rules);
        var verifiers = rules.Rules.Where(r => r.Verify is not null).ToDictionary(r => r.Id, r => r.Verify!, StringComparer.Ordinal);
        var verified = new List<Finding>(result.Findings.Count);
        foreach (var finding in result.Findings)
        {
            if (finding.Secret is null || !verifiers.TryGetValue(finding.RuleId, out var vendor))
            {
                verified.Add(finding);
                continue;
            }

            var key = finding.Secret.Reveal();
            if (!_cache.TryGetValue(key, out var status))
            {
                status = await CheckAsync(vendor, key, cancellationToken).ConfigureAwait(false);
                _cache[key] = status;
            }

            verified.Add(finding with { Verification = status });
        }

        return result with { Findings = verified };
    }

    private async Task<VerificationStatus> CheckAsync(string vendor, string key, CancellationToken cancellationToken)
    {
        var (baseUrl, path) = vendor == "instantly"
            ? (_options.InstantlyBaseUrl, "api/v2/workspaces/current")
            : (_options.SalesloftBaseUrl, "v2/me");
        await WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            RequestsSent++;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return (vendor, response.StatusCode) switch
            {
                (_, HttpStatusCode.OK) => VerificationStatus.Live,
                ("instantly", HttpStatusCode.PaymentRequired or HttpStatusCode.Forbidden) => VerificationStatus.Live,
                ("salesloft", HttpStatusCode.Forbidden) => VerificationStatus.Live,
                (_, HttpStatusCode.Unauthorized) => VerificationStatus.Invalid,
                _ => VerificationStatus.Unknown,
            };
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return VerificationStatus.Unknown;
        }
    }

    private async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1.0 / _options.MaxRequestsPerSecond);
        var now = _time.GetTimestamp();
        var wait = _time.GetElapsedTime(now, Math.Max(now, _nextRequestTicks));
        _nextRequestTicks = Math.Max(now, _nextRequestTicks) + (long)(interval.TotalSeconds * _time.TimestampFrequency);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
