namespace Keyward.Scanning.Detection;

/// <summary>Limits for <see cref="Detector"/>'s decoding of encoded secrets.</summary>
public sealed class DetectorOptions
{
    /// <summary>Gets or sets how many times encoded text is decoded and scanned again (base64 inside hex counts two).</summary>
    /// <value>The default value is 2; 0 turns decoding off.</value>
    public int MaxDecodeDepth { get; set; } = 2;

    /// <summary>Gets or sets the shortest encoded segment worth decoding, in characters.</summary>
    /// <value>The default value is 24.</value>
    public int MinEncodedLength { get; set; } = 24;

    /// <summary>Gets or sets the longest encoded segment decoded, in characters.</summary>
    /// <value>The default value is 65,536.</value>
    public int MaxEncodedLength { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the most decoded text produced for one fragment, in characters.</summary>
    /// <value>The default value is 1,048,576.</value>
    public int MaxDecodedPerFragment { get; set; } = 1024 * 1024;
}
