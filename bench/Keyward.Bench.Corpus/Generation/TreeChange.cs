namespace Keyward.Bench.Corpus.Generation;

/// <summary>One line of a fast-import commit: set <see cref="Path"/> to blob <see cref="Mark"/>, or delete it when the mark is 0.</summary>
internal readonly record struct TreeChange(string Path, int Mark);
