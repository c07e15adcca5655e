using System.Text.Json.Nodes;
using Keyward.Providers.Instantly;
using Keyward.Sandbox.State;

namespace Keyward.Sandbox.Http;

/// <summary>One authenticated, scope-checked call, as a handler sees it (inside the state lock).</summary>
internal sealed record SandboxRequest(
    InstantlyOperation Operation,
    IReadOnlyDictionary<string, string> Route,
    IReadOnlyDictionary<string, string> Query,
    JsonObject? Body,
    JsonObject Key,
    SandboxState State,
    DateTimeOffset Now)
{
    /// <summary>Gets the item's id from the route (<c>{id}</c>, <c>{email}</c>, ...).</summary>
    public string RouteId => Route.Values.First();

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>Gets the webhook deliveries to start once the request's changes are committed.</summary>
    public List<Webhooks.WebhookDelivery> Outbox { get; } = [];

    public string? BodyString(string name) => Body?[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
