namespace Keyward.Webhooks.Inbox;

/// <summary>Where an inbox event is in its life.</summary>
public enum InboxState
{
    /// <summary>Stored and waiting for (another) delivery attempt.</summary>
    Pending,

    /// <summary>A handler accepted it.</summary>
    Delivered,

    /// <summary>It failed every attempt and waits for a person (<c>keyward webhooks inbox replay</c>).</summary>
    DeadLettered,
}
