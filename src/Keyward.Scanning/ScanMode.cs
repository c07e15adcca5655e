namespace Keyward.Scanning;

/// <summary>What a scan reads.</summary>
public enum ScanMode
{
    /// <summary>Files on disk under a path.</summary>
    Directory = 0,

    /// <summary>Every blob in the git history of all refs (or since a revision).</summary>
    History = 1,

    /// <summary>The files staged in the git index, for pre-commit hooks.</summary>
    Staged = 2,
}
