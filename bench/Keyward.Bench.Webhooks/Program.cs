using System.Diagnostics;
using System.Globalization;
using System.Net;
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
//   keyward-webhooks-bench open URL RATE SECONDS TAG
//     Open-loop load (what wrk2 does): POSTs RATE requests a second for SECONDS at fixed times, whether or not earlier
//     ones were answered, with the same Instantly-shaped unique bodies as bench/webhook-throughput.lua (event_type
//     bench_TAG) and the secret header from WEBHOOK_SECRET. Each latency runs from the time the request was due, not
//     from when it was sent, so a stalled server cannot hide its queue (coordinated omission). Two seconds of warm-up
//     at the same rate come first and are not counted (their event_type is bench_TAGwarm). Prints one line.
return args switch
{
    ["bare", var port] => await BareAsync(Number(port)),
    ["inbox", var inbox, var concurrency, var seconds] => await InboxAsync(inbox, Number(concurrency), Number(seconds)),
    ["open", var url, var rate, var seconds, var tag] => await OpenLoopAsync(new Uri(url), Number(rate), Number(seconds), tag),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: keyward-webhooks-bench bare PORT | inbox REF CONCURRENCY SECONDS | open URL RATE SECONDS TAG");
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
            var body = Encoding.UTF8.GetBytes($$"""{"event_type":"reply_received","timestamp":"2026-11-30T12:00:00.000Z","workspace":"ws-bench","lead_email":"lead{{caller}}-{{i}}@prospect.example"}""");
            var before = Stopwatch.GetTimestamp();
            await inbox.AddAsync(new InboxEntry("instantly", $"{run}-{caller}-{i}", "reply_received", body, TimeProvider.System.GetUtcNow()));
            mine.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
        }

        return mine;
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double At(double q) => all[Math.Min(all.Length - 1, (int)(all.Length * q))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inbox c{concurrency}: {all.Length / started.Elapsed.TotalSeconds:F0} adds/s, p50 {At(0.5):F2} ms, p99 {At(0.99):F2} ms, max {all[^1]:F1} ms"));
    return 0;
}

static async Task<int> OpenLoopAsync(Uri url, int rate, int seconds, string tag)
{
    var secret = Environment.GetEnvironmentVariable("WEBHOOK_SECRET") ?? string.Empty;
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    // The first two seconds warm up the connections and the JIT on both sides at the same rate and are not counted.
    var warmUp = rate * 2;
    var total = warmUp + (rate * seconds);
    var latencies = new double[total];
    var statuses = new int[total];
    var sends = new List<Task>(total);
    var start = Stopwatch.GetTimestamp();
    var next = 0;
    while (next < total)
    {
        // Start every request that is due by now, then sleep about a millisecond; lateness counts against the server.
        var now = Stopwatch.GetTimestamp();
        while (next < total && Due(next) <= now)
        {
            sends.Add(SendAsync(next, Due(next)));
            next++;
        }

        await Task.Delay(1);
    }

    await Task.WhenAll(sends);
    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds - 2;
    var counted = statuses.AsSpan(warmUp).ToArray();
    var ok = counted.Count(s => s is >= 200 and < 300);
    var rejected = counted.Count(s => s >= 300);
    var failed = counted.Count(s => s == 0);
    var sorted = latencies.Skip(warmUp).Where((_, i) => counted[i] != 0).Order().ToArray();
    double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"open {rate}/s for {seconds} s: sent {total - warmUp}, 2xx {ok}, non-2xx {rejected}, errors {failed}, answered {sorted.Length / elapsed:F0}/s, p50 {At(0.5):F2} ms, p99 {At(0.99):F2} ms, p99.9 {At(0.999):F2} ms, max {(sorted.Length == 0 ? double.NaN : sorted[^1]):F1} ms"));
    return failed == 0 ? 0 : 1;

    long Due(int i) => start + (long)(i * (double)Stopwatch.Frequency / rate);

    async Task SendAsync(int i, long due)
    {
        var type = i < warmUp ? tag + "warm" : tag;
        var body = $$"""{"event_type":"bench_{{type}}","timestamp":"2026-11-30T12:00:00Z","workspace":"ws-bench","campaign_id":"c-1","lead_email":"lead-open-{{i}}@example.com"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Keyward-Webhook-Secret", secret);
        try
        {
            using var response = await client.SendAsync(request);
            statuses[i] = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            statuses[i] = 0;
        }

        latencies[i] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
    }
}
