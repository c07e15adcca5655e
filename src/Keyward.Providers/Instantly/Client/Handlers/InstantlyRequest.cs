namespace Keyward.Providers.Instantly.Client.Handlers;

/// <summary>What the client's handlers attach to a request: the catalog operation it calls.</summary>
internal static class InstantlyRequest
{
    private static readonly HttpRequestOptionsKey<InstantlyOperation> OperationKey = new("keyward.instantly.operation");

    /// <summary>Returns the request's operation, finding it in the catalog the first time.</summary>
    public static InstantlyOperation? Operation(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(OperationKey, out var operation))
        {
            return operation;
        }

        if (request.RequestUri is null || !InstantlyOperationCatalog.Default.TryFind(request.Method.Method, request.RequestUri.AbsolutePath, out operation))
        {
            return null;
        }

        request.Options.Set(OperationKey, operation);
        return operation;
    }

    /// <summary>Returns <c>METHOD /path</c> for messages about requests that match no operation.</summary>
    public static string Describe(HttpRequestMessage request) =>
        Operation(request)?.Key ?? $"{request.Method} {request.RequestUri?.AbsolutePath}";
}
