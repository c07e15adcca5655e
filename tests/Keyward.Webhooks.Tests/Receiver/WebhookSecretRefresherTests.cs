using Keyward.Core.Secrets;
using Keyward.Secrets;
using Keyward.Testing;
using Keyward.Tests.Shared;
using Keyward.Webhooks.Receiver;
using Keyward.Webhooks.Verification;
using Microsoft.Extensions.Logging;

namespace Keyward.Webhooks.Tests.Receiver;

/// <summary>The running receiver's secret reloads, over a real encrypted vault file: what the operator and the audit
/// log are told when the store fails, recovers and changes.</summary>
public sealed class WebhookSecretRefresherTests : IDisposable
{
    private static readonly SecretValue Old = new("whk-old-secret-0123456789abcdef"); // keyward:allow (fake)
    private static readonly SecretValue New = new("whk-new-secret-fedcba9876543210"); // keyward:allow (fake)

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AFailingStore_IsLoggedAndAuditedWhenItStartsAndLoggedWhenItEnds_NotAtEveryReload()
    {
        var stores = SecretStores.Default(Path.Combine(_directory.Path, "master.key"));
        var vault = Path.Combine(_directory.Path, "secrets.kwv");
        var reference = SecretReference.Parse($"vault-file:{vault}#INSTANTLY_WEBHOOK_SECRET");
        await stores.For(reference).PutAsync(reference, Old, SecretLabels.Current);
        var verifier = await StoredSecretsVerifier.CreateAsync(new WebhookVerifyOptions { Scheme = "header-secret", Header = "X-Keyward-Webhook-Secret" }, [reference], stores);
        var audit = new CollectingAuditSink();
        using var log = new StringWriter();
        using var logging = LoggerFactory.Create(b => b.AddProvider(new LineLoggerProvider(log)));
        using var refresher = new WebhookSecretRefresher(
            [new WebhookEndpoint("instantly", "/webhooks/instantly", verifier, WebhookVendor.Instantly)], TimeSpan.FromSeconds(10), audit, TimeProvider.System, logging.CreateLogger<WebhookSecretRefresher>());

        var intact = await File.ReadAllBytesAsync(vault);
        await File.WriteAllTextAsync(vault, "not a vault file");
        await refresher.RefreshAsync(CancellationToken.None);
        await refresher.RefreshAsync(CancellationToken.None);
        await File.WriteAllBytesAsync(vault, intact);
        await refresher.RefreshAsync(CancellationToken.None);
        await stores.For(reference).PutAsync(reference, New, SecretLabels.Pending);
        Assert.Equal(1, await refresher.RefreshAsync(CancellationToken.None));

        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("keyward webhooks: error: webhook instantly (/webhooks/instantly) cannot reload its secrets (", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("it keeps accepting the ones it had, and says so once a reload works", lines[0], StringComparison.Ordinal);
        Assert.Equal("keyward webhooks: info: webhook instantly (/webhooks/instantly) reloads its secrets again", lines[1]);
        Assert.Equal("keyward webhooks: info: webhook instantly (/webhooks/instantly) reloaded its secrets: 2 accepted", lines[2]);
        Assert.DoesNotContain(Old.Reveal(), log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(New.Reveal(), log.ToString(), StringComparison.Ordinal);
        Assert.Collection(
            audit.Records,
            r => Assert.Equal((false, "webhook.secrets.reload"), (r.Succeeded, r.Action)),
            r => Assert.Equal((true, "2"), (r.Succeeded, r.Metadata!["accepted"])));
    }

    [Fact]
    public async Task ADeletedSecret_IsPrintedAsARevocationByCount_NeverByItsReference()
    {
        var env = Path.Combine(_directory.Path, ".env");
        await File.WriteAllTextAsync(env, $"INSTANTLY_WEBHOOK_SECRET={Old.Reveal()}\n");
        var reference = SecretReference.Parse($"dotenv:{env}#INSTANTLY_WEBHOOK_SECRET");
        var verifier = await StoredSecretsVerifier.CreateAsync(new WebhookVerifyOptions { Scheme = "header-secret", Header = "X-Keyward-Webhook-Secret" }, [reference], SecretStores.Default(Path.Combine(_directory.Path, "master.key")));
        var audit = new CollectingAuditSink();
        using var log = new StringWriter();
        using var logging = LoggerFactory.Create(b => b.AddProvider(new LineLoggerProvider(log)));
        using var refresher = new WebhookSecretRefresher(
            [new WebhookEndpoint("instantly", "/webhooks/instantly", verifier, WebhookVendor.Instantly)], TimeSpan.FromSeconds(10), audit, TimeProvider.System, logging.CreateLogger<WebhookSecretRefresher>());

        await File.WriteAllTextAsync(env, "OTHER=1\n");
        Assert.Equal(1, await refresher.RefreshAsync(CancellationToken.None));

        Assert.Equal(
            "keyward webhooks: warning: webhook instantly (/webhooks/instantly): 1 secret reference(s) no longer hold a secret, so their secrets are refused; 0 accepted",
            log.ToString().TrimEnd());
        Assert.Equal("0", Assert.Single(audit.Records).Metadata!["accepted"]);
    }
}
