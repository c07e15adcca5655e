using Keyward.Core.Secrets;

namespace Keyward.Posture;

/// <summary>A workspace of the <c>workspaces:</c> section of keyward.yaml (KW003 compares their keys).</summary>
/// <param name="Name">Its name, such as <c>prod</c>.</param>
/// <param name="Provider"><c>instantly</c> or <c>salesloft</c>.</param>
/// <param name="ApiKey">Where its key is, or null when the setting is missing.</param>
/// <param name="ApiKeyText">The setting as written, for a value that is not a reference (never printed).</param>
/// <param name="Environment"><c>dev</c>, <c>staging</c> or <c>production</c>.</param>
public sealed record ConfiguredWorkspace(string Name, string Provider, SecretReference? ApiKey, string? ApiKeyText, string Environment);
