namespace Keyward.Scanning.Sources;

/// <summary>Parses <c>git log --raw -z</c> and <c>git diff --raw -z</c> output into added or changed blobs.</summary>
internal static class GitRawDiff
{
    private const string ZeroSha = "0000000000000000000000000000000000000000";

    /// <summary>A file version that appears in a commit (or the index): its blob and path, and the blob it replaced
    /// at that path (null when the file was added or was not a regular file before).</summary>
    public readonly record struct Entry(string? CommitHeader, string Blob, string Path, string? Base);

    /// <summary>
    /// Walks NUL-separated tokens: a header starting with U+0001 (log only), then pairs of
    /// <c>:oldmode newmode oldsha newsha status</c> and path.
    /// </summary>
    public static async IAsyncEnumerable<Entry> ParseAsync(IAsyncEnumerable<string> tokens)
    {
        string? header = null;
        string? pendingMeta = null;
        await foreach (var raw in tokens.ConfigureAwait(false))
        {
            var token = raw.TrimStart('\n');
            if (pendingMeta is not null)
            {
                var meta = pendingMeta;
                pendingMeta = null;
                if (TryBlob(meta, out var blob, out var previous))
                {
                    yield return new Entry(header, blob, token, previous);
                }

                continue;
            }

            if (token.StartsWith('\u0001'))
            {
                header = token[1..];
            }
            else if (token.StartsWith(':'))
            {
                pendingMeta = token;
            }
        }
    }

    /// <summary>Keeps regular files that exist after the change; skips deletions, submodules and symlinks.</summary>
    private static bool TryBlob(string meta, out string blob, out string? previous)
    {
        blob = string.Empty;
        previous = null;
        var fields = meta[1..].Split(' ');
        if (fields.Length < 5)
        {
            return false;
        }

        var newMode = fields[1];
        var newSha = fields[3];
        var status = fields[4];
        if (status.StartsWith('D') || newSha == ZeroSha || !IsRegularFile(newMode))
        {
            return false;
        }

        blob = newSha;
        previous = fields[2] != ZeroSha && IsRegularFile(fields[0]) ? fields[2] : null;
        return true;
    }

    private static bool IsRegularFile(string mode) => mode is "100644" or "100755";
}
