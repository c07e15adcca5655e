using System.Net;
using Polly;
using Polly.Retry;

namespace Keyward.Providers.Http;

/// <summary>Retries 429 always and 502/503/504 or a lost connection only for calls the policy says are safe to
/// repeat, honouring <c>Retry-After</c>, else exponential backoff with jitter (Polly).</summary>
/// <remarks>Neither Instantly nor Salesloft has idempotency keys, so a write that may have reached the server is
/// never repeated: a 429 means the request was refused unprocessed; a 5xx on a create might not have been.</remarks>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<bool> Repeatable = new("keyward.repeatable");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    private readonly RetryPolicy _policy;

    public RetryHandler(RetryPolicy policy, TimeProvider time)
    {
        _policy = policy;
        _pipeline = policy.MaxRetries < 1 ? ResiliencePipeline<HttpResponseMessage>.Empty : Build(policy, time);
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(RetryPolicy options, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Result.StatusCode: HttpStatusCode.TooManyRequests } => true,
                    { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => args.Context.Properties.GetValue(Repeatable, false),
                    { Exception: HttpRequestException } => args.Context.Properties.GetValue(Repeatable, false),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxDelay, time)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Repeatable, _policy.IsRepeatable(request));
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Handler.SendInnerAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), capped; null lets the backoff decide.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } d && d >= TimeSpan.Zero ? (d > max ? max : d) : null;
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
