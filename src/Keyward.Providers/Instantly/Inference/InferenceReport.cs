using Keyward.Providers.Instantly.Planning;

namespace Keyward.Providers.Instantly.Inference;

/// <summary>What <c>keyward scopes infer</c> found in a source tree.</summary>
/// <param name="CallSites">Every call site, in file then line order.</param>
/// <param name="Plan">The least-privilege plan for the call sites that resolved.</param>
/// <param name="FilesScanned">How many files were read.</param>
/// <param name="Skipped">Files passed over and why (too large, binary, unreadable), relative to the root.</param>
public sealed record InferenceReport(
    IReadOnlyList<CallSite> CallSites,
    ScopePlan Plan,
    int FilesScanned,
    IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>Gets the call sites that did not resolve to an operation; the plan does not cover them.</summary>
    public IReadOnlyList<CallSite> Unresolved => CallSites.Where(c => c.Operation is null).ToArray();
}
