using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Keyward.Webhooks.Inbox;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Deserializes each event's payload as <typeparamref name="TEvent"/> and hands it to the
/// <see cref="IWebhookHandler{TEvent}"/> registered in DI, resolved in a scope of its own per event.</summary>
/// <typeparam name="TEvent">The payload's type.</typeparam>
/// <remarks>
/// <para><see cref="TypedWebhookHandler{TEvent}(IServiceProvider, JsonTypeInfo{TEvent})"/>, given the payload's
/// metadata from a source-generated <c>JsonSerializerContext</c>, is the trim- and Native AOT-safe constructor.
/// <see cref="TypedWebhookHandler{TEvent}(IServiceProvider)"/> reads snake_case JSON by reflection, which is enough in
/// an ordinary (JIT) app and is what <see cref="InstantlyWebhookEvent"/> needs.</para>
/// <para>A payload that does not deserialize is a failure like any other: retried, then dead-lettered, and
/// replayable once the handler or type is fixed.</para>
/// </remarks>
public sealed class TypedWebhookHandler<TEvent> : IWebhookHandler
{
    private const string ReflectionMessage =
        "Reads TEvent by reflection, which trimming can break and Native AOT does not allow. Pass source-generated "
        + "metadata to TypedWebhookHandler(IServiceProvider, JsonTypeInfo<TEvent>) instead.";

    private readonly IServiceScopeFactory _scopes;
    private readonly JsonTypeInfo<TEvent> _payload;

    /// <summary>Initializes a new instance of the <see cref="TypedWebhookHandler{TEvent}"/> class that reads
    /// payloads by reflection, with snake_case names (the web defaults otherwise: names match case-insensitively).
    /// Not for trimmed or Native AOT apps: use
    /// <see cref="TypedWebhookHandler{TEvent}(IServiceProvider, JsonTypeInfo{TEvent})"/> there.</summary>
    /// <param name="services">The app's services, holding an <see cref="IWebhookHandler{TEvent}"/>.</param>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public TypedWebhookHandler(IServiceProvider services)
        : this(services, ReflectedPayload())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TypedWebhookHandler{TEvent}"/> class that reads
    /// payloads with <paramref name="payload"/>, such as a source-generated <c>JsonSerializerContext</c>'s property
    /// for <typeparamref name="TEvent"/>. Trim- and AOT-safe.</summary>
    /// <param name="services">The app's services, holding an <see cref="IWebhookHandler{TEvent}"/>.</param>
    /// <param name="payload">How to read <typeparamref name="TEvent"/>, naming policy included (Instantly and
    /// Salesloft send snake_case).</param>
    public TypedWebhookHandler(IServiceProvider services, JsonTypeInfo<TEvent> payload)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(payload);
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _payload = payload;
    }

    /// <inheritdoc/>
    public async Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var payload = JsonSerializer.Deserialize(webhookEvent.Entry.Payload.Span, _payload)
            ?? throw new JsonException($"event {webhookEvent.Id} has a null payload");
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IWebhookHandler<TEvent>>().HandleAsync(payload, webhookEvent, cancellationToken).ConfigureAwait(false);
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static JsonTypeInfo<TEvent> ReflectedPayload()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        return (JsonTypeInfo<TEvent>)options.GetTypeInfo(typeof(TEvent));
    }
}
