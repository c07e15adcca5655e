using System.Text.Json.Nodes;
using Keyward.Providers.Instantly;
using Keyward.Sandbox.Http;

namespace Keyward.Sandbox.Api;

/// <summary>Instantly's audit-log <c>activity_type</c> numbers (reference 4.5) for the operations that have one.</summary>
internal static class ActivityTypes
{
    public const int WebhookMarkedAsError = 20;

    private static readonly Dictionary<string, int> ByOperation = new(StringComparer.Ordinal)
    {
        ["DELETE /api/v2/leads/{id}"] = 2,
        ["DELETE /api/v2/leads"] = 2,
        ["DELETE /api/v2/campaigns/{id}"] = 3,
        ["POST /api/v2/campaigns/{id}/activate"] = 4,
        ["POST /api/v2/campaigns/{id}/pause"] = 5,
        ["POST /api/v2/accounts"] = 6,
        ["DELETE /api/v2/accounts/{email}"] = 7,
        ["POST /api/v2/leads/move"] = 8,
        ["POST /api/v2/leads"] = 9,
        ["POST /api/v2/leads/add"] = 9,
        ["POST /api/v2/leads/merge"] = 10,
        ["PATCH /api/v2/campaigns/{id}"] = 11,
        ["POST /api/v2/webhooks"] = 18,
        ["PATCH /api/v2/webhooks/{id}"] = 19,
        ["POST /api/v2/webhooks/{id}/resume"] = 21,
        ["PATCH /api/v2/accounts/{email}"] = 36,
        ["POST /api/v2/api-keys"] = 37,
        ["DELETE /api/v2/api-keys/{id}"] = 38,
    };

    public static int Of(InstantlyOperation operation) =>
        ByOperation.TryGetValue(operation.Key, out var type) ? type : SandboxAssumptions.ApiRequestActivityType;

    /// <summary>The <c>campaign_id</c> / <c>webhook_id</c> / <c>list_id</c> fields of the entry for a call.</summary>
    public static IEnumerable<(string Field, JsonNode? Value)> ResourceIds(InstantlyOperation operation, SandboxRequest call, SandboxResponse response)
    {
        var field = operation.PathResource switch
        {
            "campaigns" => "campaign_id",
            "webhooks" => "webhook_id",
            "lead-lists" => "list_id",
            _ => null,
        };
        if (field is null)
        {
            yield break;
        }

        var id = call.Route.TryGetValue("id", out var routeId) ? routeId : (string?)(response.Body as JsonObject)?["id"];
        if (id is not null)
        {
            yield return (field, id);
        }
    }
}
