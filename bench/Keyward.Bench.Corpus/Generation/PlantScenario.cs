namespace Keyward.Bench.Corpus.Generation;

/// <summary>Where a plant lives in the history.</summary>
internal enum PlantScenario
{
    /// <summary>Added on main and still there at HEAD.</summary>
    Head,

    /// <summary>Added on main, then the file is deleted.</summary>
    DeletedFile,

    /// <summary>Added on main, then the line is removed and the file kept.</summary>
    RemovedLine,

    /// <summary>Added on a side branch that is never merged.</summary>
    Branch,

    /// <summary>Base64-encoded inside a config value, at HEAD.</summary>
    Base64Head,

    /// <summary>Base64-encoded inside a config value, later removed.</summary>
    Base64History,

    /// <summary>Inside the one long line of a minified JavaScript bundle, at HEAD.</summary>
    Minified,

    /// <summary>Added by a merge commit itself (a conflict resolution), not by either parent.</summary>
    MergeCommit,

    /// <summary>At HEAD, and later copied byte for byte to a second path: one blob, two files.</summary>
    CopiedFile,
}
