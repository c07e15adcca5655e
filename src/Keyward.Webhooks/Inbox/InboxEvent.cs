namespace Keyward.Webhooks.Inbox;

/// <summary>A stored event, as a dispatcher or <c>keyward webhooks inbox</c> sees it.</summary>
/// <param name="Id">The inbox's id for it.</param>
/// <param name="Entry">What was received.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="Attempts">Delivery attempts so far: failed ones, and the one that delivered it.</param>
/// <param name="NextAttemptAt">When it is due again (pending events).</param>
/// <param name="LastError">Why the last attempt failed, without secrets.</param>
/// <param name="ClaimedUntil">When the lease of the dispatcher that claimed it ends, or null when it is not claimed.
/// It also names the claim: <see cref="IWebhookInbox.CompleteAsync"/>, <see cref="IWebhookInbox.FailAsync"/> and
/// <see cref="IWebhookInbox.RenewAsync"/> apply only while the event is still under it, so a dispatcher whose lease ran
/// out and whose event another dispatcher claimed since cannot overwrite that one's work.</param>
public sealed record InboxEvent(long Id, InboxEntry Entry, InboxState State, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, DateTimeOffset? ClaimedUntil = null);
