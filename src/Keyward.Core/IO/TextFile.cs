using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Keyward.Core.IO;

/// <summary>Reads files that are worth scanning as text, and says why the others are not.</summary>
/// <remarks>
/// A file is binary when a NUL byte appears in its first <see cref="BinaryProbeBytes"/> bytes, as git decides.
/// Only that prefix is read before the decision, so a tree full of build output costs little. Text is decoded as
/// UTF-8, replacing invalid sequences rather than failing. Thread-safe.
/// </remarks>
public static class TextFile
{
    /// <summary>How far into a file to look for a NUL byte, the sign of a binary file (git uses the same).</summary>
    public const int BinaryProbeBytes = 8000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads a file as text unless it is too large, binary or unreadable.</summary>
    /// <param name="file">The file.</param>
    /// <param name="maxBytes">The largest file read.</param>
    /// <param name="text">The content, when this returns <see langword="true"/>.</param>
    /// <param name="skipReason">Why the file was not read (<c>binary</c>, <c>larger than N bytes</c>,
    /// <c>unreadable: …</c>), when this returns <see langword="false"/>.</param>
    /// <returns>Whether the file is text that was read.</returns>
    public static bool TryRead(
        FileInfo file,
        long maxBytes,
        [NotNullWhen(true)] out string? text,
        [NotNullWhen(false)] out string? skipReason)
    {
        ArgumentNullException.ThrowIfNull(file);
        text = null;
        try
        {
            var length = file.Length;
            if (length > maxBytes)
            {
                skipReason = $"larger than {maxBytes} bytes";
                return false;
            }

            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);

            // The bytes only live until they are decoded: rent them. New arrays for every file of a large tree made
            // the GC take fresh pages from the kernel over and over.
            var bytes = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                var probe = (int)Math.Min(length, BinaryProbeBytes);
                stream.ReadExactly(bytes, 0, probe);
                if (IsBinary(bytes.AsSpan(0, probe)))
                {
                    skipReason = "binary";
                    return false;
                }

                stream.ReadExactly(bytes, probe, (int)length - probe);
                text = Utf8.GetString(bytes, 0, (int)length);
                skipReason = null;
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipReason = $"unreadable: {e.Message}";
            return false;
        }
    }

    /// <summary>Decodes bytes already in memory (a git blob) as text, unless they are binary.</summary>
    /// <param name="bytes">The content.</param>
    /// <param name="text">The decoded text, when this returns <see langword="true"/>.</param>
    /// <returns>Whether the bytes are text.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out string? text)
    {
        if (IsBinary(bytes[..Math.Min(bytes.Length, BinaryProbeBytes)]))
        {
            text = null;
            return false;
        }

        text = Utf8.GetString(bytes);
        return true;
    }

    private static bool IsBinary(ReadOnlySpan<byte> prefix) => prefix.Contains((byte)0);
}
