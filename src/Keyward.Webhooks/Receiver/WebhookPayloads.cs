using System.Text.Json;
using Keyward.Core.Text;

namespace Keyward.Webhooks.Receiver;

/// <summary>Checks that a verified body is an event of its vendor's shape before it is stored, and reads its event
/// type. A 400 names the problem, so the integrator sees it in the vendor's delivery log.</summary>
/// <remarks>
/// Instantly documents that every payload carries <c>timestamp</c>, <c>event_type</c>, <c>workspace</c>,
/// <c>campaign_id</c> and <c>campaign_name</c>; this requires only the first three, because account events have no
/// campaign and a rejected delivery is retried and then disables the webhook. Payload event types differ from
/// subscription names (<c>link_clicked</c>, <c>auto_reply_received</c>) and custom labels arrive as the raw label,
/// so any non-empty string is accepted and <see cref="InstantlyEventTypes"/> only tells known from custom ones
/// (<see cref="Dispatch.InstantlyWebhookEvent.IsCustomLabel"/>).
/// These are the uncertain payload facts of the reference; they live here and nowhere else (how Instantly retries a
/// delivery lives in <see cref="Providers.Instantly.InstantlyWebhookAssumptions"/>).
/// </remarks>
public static class WebhookPayloads
{
    /// <summary>The event types Instantly documents in payloads (subscription names, plus their payload spellings).</summary>
    public static readonly IReadOnlySet<string> InstantlyEventTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "email_sent", "email_opened", "email_link_clicked", "link_clicked", "reply_received", "auto_reply_received",
        "email_bounced", "lead_unsubscribed", "campaign_completed", "account_error", "lead_neutral", "lead_interested",
        "lead_not_interested", "lead_meeting_booked", "lead_meeting_completed", "lead_closed", "lead_out_of_office",
        "lead_wrong_person", "lead_no_show", "supersearch_enrichment_completed",
    };

    /// <summary>The longest event type accepted; Instantly's custom labels are short names.</summary>
    public const int MaxEventTypeLength = 256;

    private static readonly string[] InstantlyRequired = ["event_type", "timestamp", "workspace"];

    /// <summary>Validates a body and reads its event type.</summary>
    /// <param name="vendor">Whose event it is.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="eventHeader">The vendor's event header, if it sends one (<c>x-salesloft-event</c>).</param>
    /// <param name="eventType">The event type, when valid.</param>
    /// <param name="problem">What is wrong, when not; names fields, never repeats values.</param>
    /// <returns>Whether the body is valid.</returns>
    public static bool TryValidate(WebhookVendor vendor, ReadOnlySpan<byte> body, string? eventHeader, out string eventType, out string? problem)
    {
        eventType = string.Empty;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            problem = "the body is not valid JSON";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "the body must be a JSON object";
                return false;
            }

            var root = document.RootElement;
            switch (vendor)
            {
                case WebhookVendor.Instantly:
                    foreach (var field in InstantlyRequired)
                    {
                        if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
                        {
                            problem = $"an Instantly event needs the string field '{field}'";
                            return false;
                        }
                    }

                    eventType = root.GetProperty("event_type").GetString()!;
                    break;
                case WebhookVendor.Salesloft:
                    if (string.IsNullOrWhiteSpace(eventHeader))
                    {
                        problem = "a Salesloft event needs the x-salesloft-event header";
                        return false;
                    }

                    eventType = eventHeader.Trim();
                    break;
                default:
                    eventType = root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "event";
                    break;
            }
        }

        // The event type is stored in a text column, listed and printed: a NUL would fail a PostgreSQL inbox's whole
        // group commit, and a control character or a line break has no place in a label. (Bidirectional marks may
        // be in a right-to-left label; TerminalText blanks them where it is printed.)
        if (eventType.Length > MaxEventTypeLength || eventType.Any(TerminalText.BreaksLine))
        {
            problem = $"the event type must be at most {MaxEventTypeLength} characters, with no control or line-separator character";
            eventType = string.Empty;
            return false;
        }

        problem = null;
        return true;
    }
}
