using System.Net;
using Keyward.Providers.Salesloft;

namespace Keyward.Posture;

/// <summary>What <c>keyward check</c> reads from a Salesloft team. Salesloft's API lists webhook subscriptions, but not
/// API keys, their scopes or age, members or a block list: those checks are skipped for Salesloft with that reason.</summary>
public sealed class SalesloftSnapshot
{
    private SalesloftSnapshot()
    {
    }

    /// <summary>Gets the webhook subscriptions.</summary>
    public required Collected<IReadOnlyList<WebhookSubscription>> Subscriptions { get; init; }

    /// <summary>Reads the team's webhook subscriptions, recording why they could not be read instead of failing.</summary>
    /// <param name="client">A client whose token may list webhook subscriptions.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot.</returns>
    public static async Task<SalesloftSnapshot> CollectAsync(SalesloftClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            return new SalesloftSnapshot { Subscriptions = new(await client.ListWebhookSubscriptionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false), null) };
        }
        catch (SalesloftApiException e)
        {
            return new SalesloftSnapshot
            {
                Subscriptions = new(null, e.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => "Salesloft rejected the key (HTTP 401); check the workspace's api-key",
                    HttpStatusCode.Forbidden => "the Salesloft key may not list webhook subscriptions (HTTP 403)",
                    _ => $"Salesloft answered {(int?)e.StatusCode}: {e.Message}",
                }),
            };
        }
        catch (HttpRequestException e)
        {
            return new SalesloftSnapshot { Subscriptions = new(null, $"Salesloft could not be reached ({e.HttpRequestError})") };
        }
    }
}
