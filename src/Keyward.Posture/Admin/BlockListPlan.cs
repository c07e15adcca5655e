namespace Keyward.Posture.Admin;

/// <summary>What adding values to the block list would do: which normalised values are new and which are there
/// already.</summary>
/// <remarks>Only <see cref="BlockListManager.PlanAddAsync"/> makes one, after every value was validated, so
/// <see cref="BlockListManager.AddAsync(BlockListPlan, CancellationToken)"/> never sends a value that was not.</remarks>
public sealed class BlockListPlan
{
    internal BlockListPlan(IReadOnlyList<string> toAdd, IReadOnlyList<string> alreadyPresent)
    {
        ToAdd = toAdd;
        AlreadyPresent = alreadyPresent;
    }

    /// <summary>Gets the values to add, normalised (trimmed, lower-case), each once, in the order given.</summary>
    public IReadOnlyList<string> ToAdd { get; }

    /// <summary>Gets the values skipped because the block list has them already.</summary>
    public IReadOnlyList<string> AlreadyPresent { get; }
}
