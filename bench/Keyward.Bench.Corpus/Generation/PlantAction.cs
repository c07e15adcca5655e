namespace Keyward.Bench.Corpus.Generation;

/// <summary>What a <see cref="PlantEvent"/> does.</summary>
internal enum PlantAction
{
    Add,
    Remove,
    Copy,
}
