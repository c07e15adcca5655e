using System.Text.Json;
using Keyward.Core.Serialization;

namespace Keyward.Core.Tests.Serialization;

public class KeywardJsonTests
{
    public enum SampleState
    {
        Live,
        NotVerified,
        HTTPError,
    }

    [Fact]
    public void EnumValue_IsWhatTheSharedOptionsSerialize()
    {
        // Reports built as JsonNode trees must name enum values as serialized output does.
        foreach (var value in Enum.GetValues<SampleState>().Cast<object>().Concat(Enum.GetValues<Severity>().Cast<object>()))
        {
            var serialized = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, value.GetType(), KeywardJson.Options));
            var named = value is Severity severity ? KeywardJson.EnumValue(severity) : KeywardJson.EnumValue((SampleState)value);

            Assert.Equal(serialized, named);
        }

        Assert.Equal("not-verified", KeywardJson.EnumValue(SampleState.NotVerified));
    }
}
