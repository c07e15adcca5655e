using System.Text.Json;

namespace Keyward.Scanning.Suppression;

/// <summary>Fingerprints a scan must not report: from <c>.keywardignore</c> and from a baseline report.</summary>
/// <remarks>
/// <para><c>.keywardignore</c> holds one fingerprint per line (<c>#</c> starts a comment); commit it to accept
/// known, rotated findings. A baseline is a previous <c>--format json</c> report: everything in it is accepted, so
/// only new leaks fail CI. Inline <c>keyward:allow</c> comments are handled by the detector.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class Suppressions
{
    private readonly HashSet<string> _ignored;
    private readonly HashSet<string> _baseline;

    private Suppressions(HashSet<string> ignored, HashSet<string> baseline)
    {
        _ignored = ignored;
        _baseline = baseline;
    }

    /// <summary>Gets suppressions that suppress nothing.</summary>
    public static Suppressions None { get; } = new([], []);

    /// <summary>Loads suppressions.</summary>
    /// <param name="ignoreFile">A <c>.keywardignore</c> file; a missing file is fine.</param>
    /// <param name="baselineFile">A previous JSON report, or null.</param>
    /// <returns>The suppressions.</returns>
    /// <exception cref="FileNotFoundException">The baseline file does not exist.</exception>
    /// <exception cref="InvalidDataException">The baseline is not a keyward JSON report.</exception>
    public static Suppressions Load(string? ignoreFile, string? baselineFile)
    {
        var ignored = new HashSet<string>(StringComparer.Ordinal);
        if (ignoreFile is not null && File.Exists(ignoreFile))
        {
            foreach (var line in File.ReadLines(ignoreFile))
            {
                var entry = line.Split('#', 2)[0].Trim();
                if (entry.Length > 0)
                {
                    ignored.Add(entry);
                }
            }
        }

        var baseline = new HashSet<string>(StringComparer.Ordinal);
        if (baselineFile is not null)
        {
            if (!File.Exists(baselineFile))
            {
                throw new FileNotFoundException($"baseline '{baselineFile}' does not exist; create one with 'keyward scan --format json --output {baselineFile}'", baselineFile);
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(baselineFile));
                foreach (var finding in document.RootElement.GetProperty("findings").EnumerateArray())
                {
                    baseline.Add(finding.GetProperty("fingerprint").GetString() ?? string.Empty);
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"baseline '{baselineFile}' is not a keyward JSON report (keyward scan --format json): {e.Message}", e);
            }
        }

        return new Suppressions(ignored, baseline);
    }

    /// <summary>Tells whether <c>.keywardignore</c> lists the finding.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>Whether it is ignored.</returns>
    public bool IsIgnored(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _ignored.Contains(finding.Fingerprint);
    }

    /// <summary>Tells whether the baseline already has the finding.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>Whether it is in the baseline.</returns>
    public bool IsBaselined(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _baseline.Contains(finding.Fingerprint);
    }
}
