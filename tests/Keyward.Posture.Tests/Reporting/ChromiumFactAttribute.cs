namespace Keyward.Posture.Tests.Reporting;

/// <summary>A fact that needs headless Chromium: skipped, saying how to install it, only when it is missing.</summary>
/// <remarks>xunit 2 has no runtime skip; setting <see cref="FactAttribute.Skip"/> at discovery is its way.</remarks>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
