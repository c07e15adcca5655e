using System.Runtime.CompilerServices;
using System.Text;

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

        var stdout = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16);
        foreach (var name in objectNames)
        {
            var header = await ReadLineAsync(stdout, cancellationToken).ConfigureAwait(false)
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
                await SkipAsync(stdout, size + 1, cancellationToken).ConfigureAwait(false);
                yield return new Blob(name, null, parts[1] != "blob" ? parts[1] : $"larger than {maxBytes} bytes");
                continue;
            }

            var content = new byte[size];
            await stdout.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            await SkipAsync(stdout, 1, cancellationToken).ConfigureAwait(false);
            yield return TextContent.TryDecode(content, out var text)
                ? new Blob(name, text, null)
                : new Blob(name, null, "binary");
        }

        await writer.ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        GitCli.ThrowOnFailure(process, await stderr.ConfigureAwait(false));
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(64);
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add(one[0]);
        }
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(count, buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new GitException("git cat-file ended early");
            }

            count -= read;
        }
    }
}
