using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Text;

namespace Keyward.Core.Tests.Text;

public class UrlTextTests
{
    [Theory]
    [InlineData("https://crm.example.com/hooks/instantly", "https://crm.example.com/hooks/instantly")]
    [InlineData("https://user:hunter2-pass@crm.example.com:8443/hooks", "https://crm.example.com:8443/hooks")] // keyward:allow (fake)
    [InlineData("https://crm.example.com/hooks?token=abc123&x=1", "https://crm.example.com/hooks?…")]
    [InlineData("https://crm.example.com/hooks#frag", "https://crm.example.com/hooks")]
    [InlineData("http://127.0.0.1:5099/", "http://127.0.0.1:5099/")]
    public void Redact_KeepsWhereItGoes_AndDropsWhatCanHoldCredentials(string url, string shown)
    {
        Assert.Equal(shown, UrlText.Redact(url));
        Assert.Equal(shown, UrlText.Redact(new Uri(url)));
    }

    [Theory]
    [InlineData(null, "(none)")]
    [InlineData("", "(none)")]
    [InlineData("not a url, maybe a secret", "(not a URL)")]
    public void Redact_OfTextThatIsNoURL_DoesNotEchoIt(string? text, string shown)
    {
        Assert.Equal(shown, UrlText.Redact(text));
    }

    [Fact]
    public void Redact_NeverShowsTheUserNamePasswordOrQuery()
    {
        var word = Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-._~%21".ToCharArray()).ArrayOf().Select(a => "Q" + new string(a).Replace("%", "%25", StringComparison.Ordinal));
        var gen = from user in word
                  from password in word
                  from token in word
                  select (user, password, token);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
            UrlText.Redact($"https://{t.user}:{t.password}@crm.example.com/in?token={t.token}") == "https://crm.example.com/in?…"));
    }
}
