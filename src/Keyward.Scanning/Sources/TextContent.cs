using System.Text;

namespace Keyward.Scanning.Sources;

/// <summary>Decides whether bytes are text worth scanning, and decodes them.</summary>
internal static class TextContent
{
    /// <summary>How far into a file to look for a NUL byte, the sign of a binary file (as git does).</summary>
    private const int BinaryProbeBytes = 8000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        if (bytes[..Math.Min(bytes.Length, BinaryProbeBytes)].Contains((byte)0))
        {
            text = string.Empty;
            return false;
        }

        text = Utf8.GetString(bytes);
        return true;
    }
}
