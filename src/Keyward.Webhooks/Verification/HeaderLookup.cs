namespace Keyward.Webhooks.Verification;

/// <summary>Reads a request header by name, case-insensitively; null when absent. Several values of one header are
/// joined with <c>", "</c>, as HTTP allows. Keeps verification free of any web framework: ASP.NET Core, a test or a
/// queue consumer each adapt their own headers.</summary>
/// <param name="name">The header name, such as <c>webhook-signature</c>.</param>
/// <returns>The value, or null.</returns>
public delegate string? HeaderLookup(string name);
