using System.Globalization;
using System.Text;
using System.Text.Json;
using Keyward.Core.IO;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Appends each event as one JSON line (<c>id</c>, <c>source</c>, <c>event_type</c>, <c>received_at</c>,
/// <c>payload</c>) to a file, flushed to disk before the event counts as handled. Idempotent: an event whose id is
/// already in the file is not written again, so a dispatcher that died between writing and marking the event
/// delivered does not duplicate it, even when another receiver's dispatcher picks the event up.</summary>
/// <remarks>Several processes may share the file (receivers behind a load balancer on one PostgreSQL inbox): each
/// write holds an exclusive lock on <c>PATH.lock</c>, first reads whatever lines others appended since its last
/// look, and skips an id any of them wrote. The file holds the payloads, which carry personal data (lead emails,
/// reply text); it is created readable by its owner only. Thread-safe.</remarks>
public sealed class JsonlFileHandler : IWebhookHandler, IDisposable
{
    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<long> _written = [];
    private long _scanned;

    /// <summary>Initializes a new instance of the <see cref="JsonlFileHandler"/> class.</summary>
    /// <param name="path">The file (created, with its folder, when missing).</param>
    public JsonlFileHandler(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
    }

    /// <inheritdoc/>
    public async Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var exclusive = FileLock.Acquire(_path + ".lock", TimeProvider.System);
            PrivateFile.EnsureExists(_path);

            await using var file = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            CatchUp(file);
            if (_written.Contains(webhookEvent.Id))
            {
                return;
            }

            if (file.Length > 0)
            {
                // A crash may have left a line without its newline; end it, so ours starts on a line of its own.
                file.Seek(-1, SeekOrigin.End);
                if (file.ReadByte() != '\n')
                {
                    file.WriteByte((byte)'\n');
                }
            }

            file.Seek(0, SeekOrigin.End);
            await file.WriteAsync(Line(webhookEvent), cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            _written.Add(webhookEvent.Id);
            _scanned = file.Length;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private static byte[] Line(InboxEvent webhookEvent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", webhookEvent.Id);
            json.WriteString("source", webhookEvent.Entry.Source);
            json.WriteString("event_type", webhookEvent.Entry.EventType);
            json.WriteString("received_at", webhookEvent.Entry.ReceivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WritePropertyName("payload");
            json.WriteRawValue(webhookEvent.Entry.Payload.Span, skipInputValidation: false);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads the complete lines appended since the last look (by this or another process) and notes their
    /// ids. A last line without its newline, cut short by a crash, is not counted: its event is written again.</summary>
    private void CatchUp(FileStream file)
    {
        if (file.Length < _scanned)
        {
            _scanned = 0; // truncated or replaced: read it all again
            _written.Clear();
        }

        file.Seek(_scanned, SeekOrigin.Begin);
        var tail = new byte[file.Length - _scanned];
        file.ReadExactly(tail);
        var end = Array.LastIndexOf(tail, (byte)'\n') + 1;
        foreach (var line in Encoding.UTF8.GetString(tail, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("id", out var id) && id.TryGetInt64(out var value))
                {
                    _written.Add(value);
                }
            }
            catch (JsonException)
            {
                // A torn line from a crash; its event carries no complete id and is written again.
            }
        }

        _scanned += end;
    }
}
