using System.Globalization;
using System.Text;
using System.Text.Json;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Appends each event as one JSON line (<c>id</c>, <c>source</c>, <c>event_type</c>, <c>received_at</c>,
/// <c>payload</c>) to a file, flushed to disk before the event counts as handled. Idempotent: an event whose id is
/// already in the file is not written again, so a dispatcher that died between writing and marking the event
/// delivered does not duplicate it.</summary>
/// <remarks>The file holds the payloads, which carry personal data (lead emails, reply text); it is created
/// readable by its owner only. Thread-safe.</remarks>
public sealed class JsonlFileHandler : IWebhookHandler, IDisposable
{
    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<long>? _written;

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
            _written ??= ReadWrittenIds();
            if (!_written.Add(webhookEvent.Id))
            {
                return;
            }

            var line = Line(webhookEvent);
            if (!File.Exists(_path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                Core.IO.PrivateFile.CreateNew(_path, string.Empty);
            }

            await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        catch
        {
            _written = null; // re-read the file next time: the write may or may not have landed
            throw;
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

    private HashSet<long> ReadWrittenIds()
    {
        var ids = new HashSet<long>();
        if (!File.Exists(_path))
        {
            return ids;
        }

        foreach (var line in File.ReadLines(_path, Encoding.UTF8))
        {
            // A line cut short by a crash has no complete id; it is skipped and its event written again.
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("id", out var id) && id.TryGetInt64(out var value))
                {
                    ids.Add(value);
                }
            }
            catch (JsonException)
            {
            }
        }

        return ids;
    }
}
