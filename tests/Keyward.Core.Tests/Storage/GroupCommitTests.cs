using System.Collections.Concurrent;
using Keyward.Core.Storage;

namespace Keyward.Core.Tests.Storage;

public class GroupCommitTests
{
    [Fact]
    public async Task AddAsync_ConcurrentCallers_ShareCommits_AndEachGetsItsOwnResult()
    {
        var committed = new ConcurrentQueue<int>();
        var release = new ManualResetEventSlim();
        await using var commit = new GroupCommit<int, string>(
            batch =>
            {
                release.Wait(); // the first batch holds the writer while the other adds queue up behind it
                foreach (var item in batch)
                {
                    committed.Enqueue(item);
                }

                return [.. batch.Select(i => $"stored {i}")];
            },
            maxBatch: 64,
            name: "test writer");

        var adds = Enumerable.Range(0, 200).Select(i => commit.AddAsync(i, CancellationToken.None)).ToArray();
        release.Set();
        var results = await Task.WhenAll(adds);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"stored {i}"), results);
        Assert.Equal(Enumerable.Range(0, 200), committed.Order());
        Assert.InRange(commit.Batches, 4, 10); // at most 64 a batch, and grouped, not one commit per add
    }

    [Fact]
    public async Task AddAsync_AFailedBatch_FailsOnlyItsOwnCallers()
    {
        var firstBatch = true;
        await using var commit = new GroupCommit<string, bool>(
            batch =>
            {
                if (firstBatch)
                {
                    firstBatch = false;
                    throw new IOException("disk full");
                }

                return [.. batch.Select(_ => true)];
            },
            maxBatch: 16,
            name: "test writer");

        var failed = await Assert.ThrowsAsync<IOException>(() => commit.AddAsync("lost", CancellationToken.None));
        Assert.Equal("disk full", failed.Message);
        Assert.True(await commit.AddAsync("kept", CancellationToken.None));
        Assert.Equal(1, commit.Batches);
    }

    [Fact]
    public async Task AddAsync_WithATokenAlreadyCancelled_DoesNotQueueTheItem()
    {
        var written = new ConcurrentQueue<string>();
        await using (var commit = new GroupCommit<string, bool>(batch => [.. batch.Select(i => { written.Enqueue(i); return true; })], 16, "test writer"))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit.AddAsync("cancelled", new CancellationToken(canceled: true)));
            Assert.True(await commit.AddAsync("wanted", CancellationToken.None));
        }

        Assert.Equal(["wanted"], written);
    }

    [Fact]
    public async Task DisposeAsync_WritesEveryQueuedItem_ThenRefusesNewOnes_NamingTheOwner()
    {
        var release = new ManualResetEventSlim();
        var written = new ConcurrentQueue<int>();
        var commit = new GroupCommit<int, bool>(
            batch =>
            {
                release.Wait();
                foreach (var item in batch)
                {
                    written.Enqueue(item);
                }

                return [.. batch.Select(_ => true)];
            },
            maxBatch: 8,
            name: "test writer",
            owner: typeof(GroupCommitTests));
        var adds = Enumerable.Range(0, 20).Select(i => commit.AddAsync(i, CancellationToken.None)).ToArray();

        var disposing = commit.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted); // still writing what was queued
        release.Set();
        await disposing;

        Assert.All(adds, a => Assert.True(a.IsCompletedSuccessfully));
        Assert.Equal(20, written.Count);
        var refused = Assert.Throws<ObjectDisposedException>(() => { _ = commit.AddAsync(21, CancellationToken.None); });
        Assert.Equal(typeof(GroupCommitTests).FullName, refused.ObjectName); // the type its callers know
    }

    [Fact]
    public async Task AddAsync_CallersAreAnsweredOffTheWriterThread()
    {
        await using var commit = new GroupCommit<int, int>(batch => [.. batch], maxBatch: 8, name: "test writer");

        // A continuation that asks to run synchronously runs on the thread that completes the task: were that the
        // writer, a caller's code would hold up every later commit.
        var answeredOn = await commit.AddAsync(1, CancellationToken.None).ContinueWith(
            _ => Thread.CurrentThread.Name,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        Assert.NotEqual("test writer", answeredOn);
    }
}
