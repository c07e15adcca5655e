using System.Globalization;
using System.Text;
using Keyward.Core.Text;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Writes one line per event (<c>time source event_type id</c>, never the payload) to a writer, such as
/// standard output for <c>keyward webhooks serve</c> with <c>handler: stdout</c>: a way to watch events arrive.</summary>
public sealed class TextWriterHandler : IWebhookHandler
{
    private readonly TextWriter _writer;
    private readonly Lock _lock = new();

    /// <summary>Initializes a new instance of the <see cref="TextWriterHandler"/> class.</summary>
    /// <param name="writer">Where lines go.</param>
    public TextWriterHandler(TextWriter writer) => _writer = writer ?? throw new ArgumentNullException(nameof(writer));

    /// <inheritdoc/>
    public Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var line = new StringBuilder()
            .Append(webhookEvent.Entry.ReceivedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)).Append(' ')
            .Append(webhookEvent.Entry.Source).Append(' ')
            .Append(TerminalText.OneLine(webhookEvent.Entry.EventType)).Append(" #")
            .Append(webhookEvent.Id.ToString(CultureInfo.InvariantCulture))
            .ToString();
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }

        return Task.CompletedTask;
    }
}
