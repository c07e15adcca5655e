namespace Keyward.Posture;

/// <summary>Counts in words for summaries: "1 key", "3 keys".</summary>
internal static class Plural
{
    public static string Of(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
