using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Webhooks.Receiver;

/// <summary><c>app.MapKeywardWebhooks(endpoints)</c>: serves each endpoint's path with the
/// <see cref="WebhookReceiver"/> registered by <see cref="WebhookServiceCollectionExtensions.AddKeywardWebhooks"/>.</summary>
public static class WebhookEndpointRouteBuilderExtensions
{
    /// <summary>Maps a POST route per endpoint.</summary>
    /// <param name="app">The app.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>The group of routes, for conventions such as <c>RequireHost</c>.</returns>
    public static RouteGroupBuilder MapKeywardWebhooks(this IEndpointRouteBuilder app, IEnumerable<WebhookEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(endpoints);
        var receiver = app.ServiceProvider.GetRequiredService<WebhookReceiver>();
        var group = app.MapGroup(string.Empty);
        foreach (var endpoint in endpoints)
        {
            group.MapPost(endpoint.Path, context => receiver.HandleAsync(context, endpoint));
        }

        return group;
    }
}
