namespace Keyward.Bench.Corpus.Generation;

/// <summary>Arguments of <c>keyward-corpus generate</c>.</summary>
internal sealed class GenerateOptions
{
    public required string OutputDirectory { get; init; }

    public required string RulesPath { get; init; }

    public int Commits { get; init; } = 3000;

    public int SizeMegabytes { get; init; } = 40;

    public ulong Seed { get; init; } = 42;
}
