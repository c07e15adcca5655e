using System.Text.Json;
using Keyward.Webhooks.Inbox;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Deserializes each event's payload as <typeparamref name="TEvent"/> (snake_case JSON) and hands it to the
/// <see cref="IWebhookHandler{TEvent}"/> registered in DI, resolved in a scope of its own per event.</summary>
/// <typeparam name="TEvent">The payload's type.</typeparam>
/// <remarks>A payload that does not deserialize is a failure like any other: retried, then dead-lettered, and
/// replayable once the handler or type is fixed.</remarks>
public sealed class TypedWebhookHandler<TEvent> : IWebhookHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly IServiceScopeFactory _scopes;

    /// <summary>Initializes a new instance of the <see cref="TypedWebhookHandler{TEvent}"/> class.</summary>
    /// <param name="services">The app's services, holding an <see cref="IWebhookHandler{TEvent}"/>.</param>
    public TypedWebhookHandler(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
    }

    /// <inheritdoc/>
    public async Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var payload = JsonSerializer.Deserialize<TEvent>(webhookEvent.Entry.Payload.Span, Json)
            ?? throw new JsonException($"event {webhookEvent.Id} has a null payload");
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IWebhookHandler<TEvent>>().HandleAsync(payload, webhookEvent, cancellationToken).ConfigureAwait(false);
    }
}
