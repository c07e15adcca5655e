using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
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
    public void EnumValue_IsWhatTheKebabCaseEnumConverterWrites()
    {
        // Trees name enum values with EnumValue; it must agree with serialized output under the documented convention.
        var options = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };
        foreach (var value in Enum.GetValues<SampleState>().Cast<object>().Concat(Enum.GetValues<Severity>().Cast<object>()))
        {
            var serialized = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, value.GetType(), options));
            var named = value is Severity severity ? KeywardJson.EnumValue(severity) : KeywardJson.EnumValue((SampleState)value);

            Assert.Equal(serialized, named);
        }

        Assert.Equal("not-verified", KeywardJson.EnumValue(SampleState.NotVerified));
        Assert.Equal("http-error", KeywardJson.EnumValue(SampleState.HTTPError));
    }

    [Fact]
    public void Options_WriteATreeIndentedWithTheSerializersEscaping()
    {
        var tree = new JsonObject { ["name"] = "a \"b\" <c>", ["when"] = DateTimeOffset.UnixEpoch, ["items"] = new JsonArray(1, 2) };

        Assert.Equal(
            "{\n  \"name\": \"a \\u0022b\\u0022 \\u003Cc\\u003E\",\n  \"when\": \"1970-01-01T00:00:00+00:00\",\n  \"items\": [\n    1,\n    2\n  ]\n}",
            tree.ToJsonString(KeywardJson.Options).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Options_AreReadOnlyAndResolveNoTypeByReflection()
    {
        Assert.True(KeywardJson.Options.IsReadOnly);
        Assert.NotNull(KeywardJson.Options.GetTypeInfo(typeof(JsonNode)));
        Assert.Throws<NotSupportedException>(() => KeywardJson.Options.GetTypeInfo(typeof(SampleState)));
    }
}
