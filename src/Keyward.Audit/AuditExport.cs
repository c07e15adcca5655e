using System.Globalization;
using System.Text.Json;

namespace Keyward.Audit;

/// <summary>Writes entries as JSON Lines or CSV, hashes included, so an export can be verified elsewhere.</summary>
public static class AuditExport
{
    private static readonly string[] Columns =
        ["sequence", "timestamp", "actor", "action", "resource", "result", "reason", "metadata", "source", "source_id", "previous_hash", "hash"];

    /// <summary>Writes every entry in order.</summary>
    /// <param name="entries">The entries.</param>
    /// <param name="format"><c>jsonl</c> or <c>csv</c>.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="cancellationToken">Stops writing.</param>
    /// <returns>How many entries were written.</returns>
    /// <exception cref="ArgumentException">The format is neither.</exception>
    public static async Task<long> WriteAsync(IAsyncEnumerable<AuditEntry> entries, string format, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        if (format is not ("jsonl" or "csv"))
        {
            throw new ArgumentException($"export format '{format}' is not jsonl or csv", nameof(format));
        }

        if (format == "csv")
        {
            await output.WriteLineAsync(string.Join(',', Columns)).ConfigureAwait(false);
        }

        long count = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var fields = Fields(entry);
            await output.WriteLineAsync(format == "jsonl"
                ? JsonSerializer.Serialize(Columns.Zip(fields).ToDictionary(p => p.First, p => p.Second), AuditExportJsonContext.Default.DictionaryStringString)
                : string.Join(',', fields.Select(Csv))).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    private static string?[] Fields(AuditEntry e) =>
    [
        e.Sequence.ToString(CultureInfo.InvariantCulture),
        e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        e.Actor,
        e.Action,
        e.Resource,
        e.Succeeded ? "success" : "failure",
        e.Reason,
        e.Metadata,
        e.Source,
        e.SourceId,
        Convert.ToHexStringLower(e.PreviousHash),
        e.HashHex,
    ];

    /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    private static string Csv(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
