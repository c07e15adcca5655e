namespace Keyward.Providers.Instantly;

/// <summary>The <c>event_type</c> values an Instantly webhook can subscribe to (reference 4.2). Payloads spell some
/// events differently (a subscription to <c>email_link_clicked</c> delivers <c>link_clicked</c>), and custom-label
/// subscriptions have no event type at all, so this list is for creating webhooks, not for validating deliveries.</summary>
public static class InstantlyWebhookEventTypes
{
    /// <summary>Every event, custom labels included.</summary>
    public const string AllEvents = "all_events";

    /// <summary>Gets the 19 subscription values, <see cref="AllEvents"/> first.</summary>
    public static IReadOnlyList<string> Subscription { get; } =
    [
        AllEvents, "email_sent", "email_opened", "email_link_clicked", "reply_received", "email_bounced",
        "lead_unsubscribed", "campaign_completed", "account_error", "lead_neutral", "lead_interested",
        "lead_not_interested", "lead_meeting_booked", "lead_meeting_completed", "lead_closed", "lead_out_of_office",
        "lead_wrong_person", "lead_no_show", "supersearch_enrichment_completed",
    ];
}
