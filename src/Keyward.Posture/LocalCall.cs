namespace Keyward.Posture;

/// <summary>An Instantly call keyward's guarded client made and recorded in the local audit log.</summary>
/// <param name="KeyId">The Instantly id of the key that made it.</param>
/// <param name="Call">The operation, such as <c>GET /api/v2/campaigns</c>.</param>
/// <param name="At">When.</param>
internal sealed record LocalCall(string KeyId, string Call, DateTimeOffset At);
