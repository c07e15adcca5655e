using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: keyward-webhooks-bench bare PORT   (PORT 0: a free one; the address is printed on stdout once listening)
// The ceiling for bench/webhook-throughput.sh: the same host keyward's receiver builds (slim builder, no logging,
// Kestrel on loopback) with an endpoint that answers 200 without reading, verifying or storing anything. The full
// pipeline is measured through the real CLI (keyward webhooks serve), so nothing of it is re-implemented here.
if (args is not ["bare", var portText] || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: keyward-webhooks-bench bare PORT");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
var app = builder.Build();
app.MapPost("/hook", () => Results.Ok());
await app.StartAsync();
Console.WriteLine(app.Urls.First());
await app.WaitForShutdownAsync();
return 0;
