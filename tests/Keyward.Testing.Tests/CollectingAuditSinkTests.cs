using Keyward.Core.Auditing;

namespace Keyward.Testing.Tests;

public class CollectingAuditSinkTests
{
    private static AuditRecord Record(int n) => new(DateTimeOffset.UnixEpoch, "test", "webhook.verify", $"delivery {n}", true);

    [Fact]
    public async Task WriteAsync_ConcurrentWriters_KeepsEveryRecord()
    {
        var sink = new CollectingAuditSink();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                await sink.WriteAsync(Record((w * 1000) + i));
            }
        })));
        Assert.Equal(2000, sink.Records.Count);
        Assert.Equal(2000, sink.Records.Select(r => r.Resource).Distinct().Count());
    }

    [Fact]
    public async Task Records_IsASnapshot()
    {
        var sink = new CollectingAuditSink();
        await sink.WriteAsync(Record(1));
        var snapshot = sink.Records;
        await sink.WriteAsync(Record(2));
        Assert.Single(snapshot);
        sink.Clear();
        Assert.Empty(sink.Records);
    }

    [Fact]
    public async Task WriteAsync_FailWrites_ThrowsAndKeepsNothing()
    {
        var sink = new CollectingAuditSink { FailWrites = true };
        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(Record(1)).AsTask());
        Assert.Empty(sink.Records);
    }
}
