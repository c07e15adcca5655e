namespace Keyward.Audit.Tests;

public class AuditExportTests
{
    [Fact]
    public async Task WriteAsync_Jsonl_WritesOneCompactObjectPerEntry_NullsIncluded()
    {
        var entry = new AuditEntry(
            3,
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560),
            "alice \"admin\"",
            "key.rotate",
            "api-keys/<id>",
            Succeeded: false,
            Reason: null,
            """{"a":"b"}""",
            AuditEntry.LocalSource,
            SourceId: null,
            new byte[32],
            [.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
        using var output = new StringWriter();

        var count = await AuditExport.WriteAsync(new[] { entry }.ToAsyncEnumerable(), "jsonl", output);

        Assert.Equal(1, count);
        Assert.Equal(
            """{"sequence":"3","timestamp":"2026-01-02T03:04:05.123456Z","actor":"alice \u0022admin\u0022","action":"key.rotate","resource":"api-keys/\u003Cid\u003E","result":"failure","reason":null,"metadata":"{\u0022a\u0022:\u0022b\u0022}","source":"local","source_id":null,"previous_hash":"0000000000000000000000000000000000000000000000000000000000000000","hash":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}""" + Environment.NewLine,
            output.ToString());
    }
}
