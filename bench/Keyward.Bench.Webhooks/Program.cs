using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Keyward.Webhooks.Inbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage:
//   keyward-webhooks-bench bare PORT
//     The ceiling for bench/webhook-throughput.sh: the same host keyward's receiver builds (slim builder, no logging,
//     Kestrel on loopback) with an endpoint that answers 200 without reading, verifying or storing anything; PORT 0
//     picks a free one, and the address is printed on stdout once listening. The full pipeline is measured through
//     the real CLI (keyward webhooks serve), so nothing of it is re-implemented here.
//   keyward-webhooks-bench inbox REF CONCURRENCY SECONDS
//     The inbox alone, without HTTP: CONCURRENCY callers each add unique Instantly-shaped events one after another
//     through IWebhookInbox.AddAsync (the receiver's durable insert, group commit included) for SECONDS. Prints
//     adds/s and the latency of one add.
// The open-loop load (what wrk2 does) is bench/open-loop.c: a .NET client took too much of the shared cores.
return args switch
{
    ["bare", var port] => await BareAsync(Number(port)),
    ["inbox", var inbox, var concurrency, var seconds] => await InboxAsync(inbox, Number(concurrency), Number(seconds)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: keyward-webhooks-bench bare PORT | inbox REF CONCURRENCY SECONDS");
    return 2;
}

static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

static async Task<int> BareAsync(int port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
    var app = builder.Build();
    app.MapPost("/hook", () => Results.Ok());
    await app.StartAsync();
    Console.WriteLine(app.Urls.First());
    await app.WaitForShutdownAsync();
    return 0;
}

static async Task<int> InboxAsync(string reference, int concurrency, int seconds)
{
    await using var inbox = WebhookInboxes.Open(reference);
    var run = Guid.NewGuid().ToString("N");
    var started = Stopwatch.StartNew();
    var latencies = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async caller =>
    {
        var mine = new List<double>();
        for (var i = 0; started.Elapsed.TotalSeconds < seconds; i++)
        {
            var body = Encoding.UTF8.GetBytes($$"""{"event_type":"reply_received","timestamp":"2026-11-30T12:00:00.000Z","workspace":"ws-bench","lead_email":"lead{{caller}}-{{i}}@{{run}}.example"}""");
            var before = Stopwatch.GetTimestamp();
            // The receiver's key for a delivery without a webhook-id: random, so each add lands on a random index page.
            var key = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
            await inbox.AddAsync(new InboxEntry("instantly", key, "reply_received", body, TimeProvider.System.GetUtcNow()));
            mine.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
        }

        return mine;
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double At(double q) => all[Math.Min(all.Length - 1, (int)(all.Length * q))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inbox c{concurrency}: {all.Length / started.Elapsed.TotalSeconds:F0} adds/s, p50 {At(0.5):F2} ms, p99 {At(0.99):F2} ms, max {all[^1]:F1} ms"));
    return 0;
}
