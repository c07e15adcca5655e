namespace Keyward.Scanning.Sources;

/// <summary>Where a scan reads text from: a directory, git history, the git index.</summary>
/// <remarks>A source is enumerated once. Items it passes over (too large, binary) are in <see cref="Skipped"/> afterwards.</remarks>
public interface ISource
{
    /// <summary>Gets a short description for reports, for example <c>git history of /repo</c>.</summary>
    string Description { get; }

    /// <summary>Gets what the source passed over and why; complete once enumeration ends.</summary>
    IReadOnlyList<SkippedItem> Skipped { get; }

    /// <summary>Reads the fragments to scan.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The fragments, each unique content once.</returns>
    IAsyncEnumerable<Fragment> ReadAsync(CancellationToken cancellationToken = default);
}
