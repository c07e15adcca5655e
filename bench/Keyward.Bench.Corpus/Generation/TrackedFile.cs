namespace Keyward.Bench.Corpus.Generation;

/// <summary>A file in a branch's tree, kept as a seed and block versions so content is regenerated, never stored.</summary>
/// <remarks>An edit bumps the version of a few blocks: the rest of the file stays byte-identical, as in real history.</remarks>
internal sealed class TrackedFile(string path, FileKind kind, ulong seed, int blocks)
{
    public string Path { get; } = path;

    public FileKind Kind { get; } = kind;

    public ulong Seed { get; } = seed;

    public List<int> Versions { get; } = [.. new int[blocks]];

    public List<PlantedLine> Planted { get; } = [];

    /// <summary>Gets or sets the blob mark of the current content.</summary>
    public int Mark { get; set; }

    /// <summary>Gets or sets the size of the current content in bytes.</summary>
    public int Size { get; set; }

    /// <summary>Gets or sets a value indicating whether the file must survive to HEAD (it holds a HEAD plant).</summary>
    public bool Pinned { get; set; }

    /// <summary>Gets or sets a value indicating whether random edits leave the file alone (copied plants stay byte-identical).</summary>
    public bool Frozen { get; set; }
}
