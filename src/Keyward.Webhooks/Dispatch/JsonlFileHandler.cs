using System.Globalization;
using System.Text.Json;
using Keyward.Core.IO;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Appends each event as one JSON line (<c>id</c>, <c>source</c>, <c>idempotency_key</c>, <c>event_type</c>,
/// <c>received_at</c>, <c>payload</c> minified) to a file, flushed to disk before the event counts as handled.
/// Idempotent: an event whose source and idempotency key are already in the file's recent lines is not written again,
/// so a dispatcher that died between writing and marking the event delivered does not duplicate it, even when another
/// receiver's dispatcher picks the event up.</summary>
/// <remarks>
/// <para>
/// Events are matched by source and idempotency key, not by the inbox's row id: a new inbox (another file, or a move
/// to PostgreSQL) numbers its events from 1 again, and those must not be taken for lines already written.
/// </para>
/// <para>
/// Memory stays bounded however large the file grows: only the lines in its last <see cref="DedupWindowBytes"/> are
/// remembered, read in chunks. A duplicate can only come from a retry within one claim lease of the first write, and
/// far fewer events than that window holds are appended in a lease.
/// </para>
/// <para>
/// Several processes may share the file (receivers behind a load balancer on one PostgreSQL inbox): each write holds
/// an exclusive lock on <c>PATH.lock</c>, first reads whatever lines others appended since its last look, and skips
/// an event any of them wrote. The file holds the payloads, which carry personal data (lead emails, reply text); it
/// is kept readable by its owner only. Thread-safe.
/// </para>
/// </remarks>
public sealed class JsonlFileHandler : IWebhookHandler, IDisposable
{
    /// <summary>How much of the end of the file is remembered to skip events already written: 64 MiB.</summary>
    public const long DedupWindowBytes = 64L * 1024 * 1024;

    private readonly string _path;
    private readonly long _window;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string Source, string Key), long> _written = []; // each event's last line end
    private readonly Queue<(long End, (string Source, string Key) Event)> _recent = new();
    private long _scanned;

    /// <summary>Initializes a new instance of the <see cref="JsonlFileHandler"/> class.</summary>
    /// <param name="path">The file (created, with its folder, when missing).</param>
    public JsonlFileHandler(string path)
        : this(path, DedupWindowBytes)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonlFileHandler"/> class with another dedup window
    /// (tests use a small one to see lines leave it).</summary>
    /// <param name="path">The file (created, with its folder, when missing).</param>
    /// <param name="dedupWindowBytes">How much of the end of the file to remember.</param>
    internal JsonlFileHandler(string path, long dedupWindowBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dedupWindowBytes);
        _path = Path.GetFullPath(path);
        _window = dedupWindowBytes;
    }

    /// <summary>Creates the file (and its folder) if missing and opens it for writing once, so a path that cannot be
    /// written fails when the receiver starts, not as retries and dead letters of every event later.</summary>
    /// <exception cref="IOException">The path, or a folder on it, cannot be created or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder is not writable by this user.</exception>
    public void CheckWritable()
    {
        using var file = Open();
    }

    /// <inheritdoc/>
    public async Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var key = (webhookEvent.Entry.Source, webhookEvent.Entry.IdempotencyKey);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var exclusive = FileLock.Acquire(_path + ".lock", TimeProvider.System);
            await using var file = Open();
            CatchUp(file);
            if (_written.ContainsKey(key))
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
            Remember(key, file.Length);
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
        using (var payload = JsonDocument.Parse(webhookEvent.Entry.Payload))
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", webhookEvent.Id);
            json.WriteString("source", webhookEvent.Entry.Source);
            json.WriteString("idempotency_key", webhookEvent.Entry.IdempotencyKey);
            json.WriteString("event_type", webhookEvent.Entry.EventType);
            json.WriteString("received_at", webhookEvent.Entry.ReceivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WritePropertyName("payload");

            // Rewritten, not copied: a sender's pretty-printed payload would otherwise split the event over lines.
            payload.WriteTo(json);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Opens the file for reading and appending, creating it (private to this user) and its folder when
    /// missing.</summary>
    private FileStream Open()
    {
        PrivateFile.EnsureExists(_path);
        return new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
    }

    /// <summary>Reads the complete lines appended since the last look (by this or another process), in chunks, and
    /// remembers their events; on the first look only the last window of the file. A last line without its newline,
    /// cut short by a crash, is not counted: its event is written again.</summary>
    private void CatchUp(FileStream file)
    {
        if (file.Length < _scanned)
        {
            _scanned = 0; // truncated or replaced: read it again
            _written.Clear();
            _recent.Clear();
        }

        var position = Math.Max(_scanned, file.Length - _window);
        var skipPartial = position > _scanned; // started mid-file: the first line may be a tail of one
        file.Seek(position, SeekOrigin.Begin);
        var chunk = new byte[64 * 1024];
        using var line = new MemoryStream();
        int read;
        while ((read = file.Read(chunk)) > 0)
        {
            var span = chunk.AsSpan(0, read);
            while (span.IndexOf((byte)'\n') is var newline and >= 0)
            {
                position += newline + 1;
                if (!skipPartial)
                {
                    line.Write(span[..newline]);
                    Note(line.GetBuffer().AsMemory(0, (int)line.Length), position);
                }

                skipPartial = false;
                line.SetLength(0);
                span = span[(newline + 1)..];
            }

            if (!skipPartial)
            {
                line.Write(span);
            }
        }

        _scanned = position;
    }

    private void Note(ReadOnlyMemory<byte> line, long end)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String
                && root.TryGetProperty("idempotency_key", out var key) && key.ValueKind == JsonValueKind.String)
            {
                Remember((source.GetString()!, key.GetString()!), end);
            }
        }
        catch (JsonException)
        {
            // A torn line from a crash; its event carries no complete key and is written again.
        }
    }

    private void Remember((string Source, string Key) key, long end)
    {
        _written[key] = end;
        _recent.Enqueue((end, key));
        while (_recent.TryPeek(out var oldest) && oldest.End <= end - _window)
        {
            _recent.Dequeue();
            if (_written.TryGetValue(oldest.Event, out var last) && last == oldest.End)
            {
                _written.Remove(oldest.Event); // its last line has left the window too
            }
        }
    }
}
