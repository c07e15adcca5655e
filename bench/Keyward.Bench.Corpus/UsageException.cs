namespace Keyward.Bench.Corpus;

/// <summary>Bad arguments: the message says what to fix; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
