namespace Keyward.Bench.Corpus.Generation;

/// <summary>A branch being written: its files (for side branches, only those under <see cref="Root"/>) and tip.</summary>
internal sealed class BranchState(string name, string root, int firstStep, int lastStep, int mergeStep)
{
    public string Name { get; } = name;

    /// <summary>Gets the folder a side branch works in ("" for main), so merging it is a plain union of trees.</summary>
    public string Root { get; } = root;

    public int FirstStep { get; } = firstStep;

    public int LastStep { get; } = lastStep;

    /// <summary>Gets the step at which main merges this branch, or -1 when it is never merged.</summary>
    public int MergeStep { get; } = mergeStep;

    public List<TrackedFile> Files { get; } = [];

    public int TipMark { get; set; }

    public bool IsActive(int step) => step >= FirstStep && step <= LastStep;
}
