namespace Keyward.Scanning.Detection;

/// <summary>An encoded run of text and what it decodes to.</summary>
/// <param name="Start">The offset of the run in its parent text.</param>
/// <param name="Length">The run's length in its parent text.</param>
/// <param name="Encoding">The encoding: <c>base64</c>, <c>hex</c> or <c>percent</c>.</param>
/// <param name="Decoded">The decoded text.</param>
internal readonly record struct EncodedSegment(int Start, int Length, string Encoding, string Decoded);
