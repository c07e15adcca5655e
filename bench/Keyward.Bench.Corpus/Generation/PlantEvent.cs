using Keyward.Bench.Corpus.Rules;

namespace Keyward.Bench.Corpus.Generation;

/// <summary>A plant added to, removed from, or copied within the history at a planned step.</summary>
internal sealed record PlantEvent(Plant Plant, PlantAction Action, CorpusRule Rule);
