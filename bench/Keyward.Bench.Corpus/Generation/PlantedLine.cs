namespace Keyward.Bench.Corpus.Generation;

/// <summary>A planted line inside a tracked file: it is rendered after block <see cref="AfterBlock"/>.</summary>
internal sealed record PlantedLine(int AfterBlock, string Text, Plant Plant);
