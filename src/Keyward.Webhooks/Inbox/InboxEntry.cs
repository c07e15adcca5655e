namespace Keyward.Webhooks.Inbox;

/// <summary>A verified, validated delivery to store: what the receiver hands the inbox before it answers 200.</summary>
/// <param name="Source">The configured webhook it came in on, such as <c>instantly</c>.</param>
/// <param name="IdempotencyKey">The delivery's identity: the Standard Webhooks <c>webhook-id</c>, else a hash of the
/// raw body. A second delivery with the same source and key is a duplicate.</param>
/// <param name="EventType">The event type, such as <c>reply_received</c>.</param>
/// <param name="Payload">The raw body, as received (UTF-8 JSON).</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record InboxEntry(string Source, string IdempotencyKey, string EventType, ReadOnlyMemory<byte> Payload, DateTimeOffset ReceivedAt);
