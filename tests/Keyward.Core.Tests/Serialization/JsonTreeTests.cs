using System.Text.Json.Nodes;
using Keyward.Core.Serialization;

namespace Keyward.Core.Tests.Serialization;

public class JsonTreeTests
{
    [Fact]
    public void WithoutNulls_DropsNullFields_KeepsTheOrderOfTheRest_AndLeavesNestedObjectsAlone()
    {
        var tree = new JsonObject
        {
            ["id"] = "k1",
            ["ageDays"] = (int?)null,
            ["scopes"] = 3,
            ["nested"] = new JsonObject { ["fix"] = null },
            ["fix"] = (string?)null,
            ["risk"] = "high",
        }.WithoutNulls();

        Assert.Equal("""{"id":"k1","scopes":3,"nested":{"fix":null},"risk":"high"}""", tree.ToJsonString());
    }

    [Fact]
    public void Strings_WritesACollectionOfTextAsAnArray_InOrder()
    {
        var array = JsonTree.Strings(["b", "a", "quote\"d"]);

        Assert.Equal("""["b","a","quote\u0022d"]""", array.ToJsonString());
    }
}
