using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Keyward.Core.IO;

namespace Keyward.Scanning.Sources;

/// <summary>Reads many blobs through one <c>git cat-file --batch</c> process, streaming one blob at a time.</summary>
internal static class GitBlobBatch
{
    /// <summary>One blob: its content as text, or the reason it was skipped.</summary>
    public readonly record struct Blob(string Name, string? Text, string? SkipReason);

    public static async IAsyncEnumerable<Blob> ReadAsync(
        GitCli git,
        IReadOnlyList<string> objectNames,
        long maxBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (objectNames.Count == 0)
        {
            yield break;
        }

        using var process = git.StartBatch();
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        // Write requests on another task: git blocks on a full stdout pipe while we would block on a full stdin pipe.
        var writer = Task.Run(
            async () =>
            {
                var stdin = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false)) { NewLine = "\n" };
                await using (stdin.ConfigureAwait(false))
                {
                    foreach (var name in objectNames)
                    {
                        await stdin.WriteLineAsync(name.AsMemory(), cancellationToken).ConfigureAwait(false);
                    }
                }
            },
            cancellationToken);

        var stdout = new BatchOutputReader(process.StandardOutput.BaseStream);
        foreach (var name in objectNames)
        {
            var header = await stdout.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new GitException("git cat-file ended early");
            var parts = header.Split(' ');
            if (parts.Length < 3)
            {
                yield return new Blob(name, null, parts.Length == 2 ? parts[1] : $"unreadable ({header})");
                continue;
            }

            var size = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            if (parts[1] != "blob" || size > maxBytes)
            {
                await stdout.SkipAsync(size + 1, cancellationToken).ConfigureAwait(false);
                yield return new Blob(name, null, parts[1] != "blob" ? parts[1] : $"larger than {maxBytes} bytes");
                continue;
            }

            // The bytes only live until they are decoded: rent them instead of making garbage of every blob.
            var content = ArrayPool<byte>.Shared.Rent((int)size);
            string? text;
            try
            {
                await stdout.ReadExactlyAsync(content.AsMemory(0, (int)size), cancellationToken).ConfigureAwait(false);
                await stdout.SkipAsync(1, cancellationToken).ConfigureAwait(false);
                text = TextFile.TryDecode(content.AsSpan(0, (int)size), out var decoded) ? decoded : null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(content);
            }

            yield return text is null ? new Blob(name, null, "binary") : new Blob(name, text, null);
        }

        await writer.ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        GitCli.ThrowOnFailure(process, await stderr.ConfigureAwait(false));
    }
}
