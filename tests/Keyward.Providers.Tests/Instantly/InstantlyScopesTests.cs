using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;

namespace Keyward.Providers.Tests.Instantly;

public class InstantlyScopesTests
{
    [Fact]
    public void Vocabulary_HasTheSpecEnumPlusSupersearch()
    {
        // 178 values in the APIKey.scopes enum (reference 2.1) plus supersearch_enrichments:* (2.1, assumption).
        Assert.Equal(178 + 5, InstantlyScopes.Vocabulary.Scopes.Count);
    }

    [Theory]
    [InlineData("lead-labels:read")]
    [InlineData("background-jobs:all")]
    [InlineData("supersearch_enrichments:all")]
    [InlineData("email_verifications:create")]
    public void Vocabulary_AcceptsIrregularResourceNames(string text)
    {
        Assert.Equal(text, InstantlyScopes.Vocabulary.Parse(text).ToString());
    }

    [Theory]
    [InlineData("lead_labels:read", "lead-labels:read")]
    [InlineData("block-lists-entries:read", "block_list_entries:read")]
    [InlineData("api-keys:create", "api_keys:create")]
    public void Vocabulary_UrlSpelling_SuggestsTheScopeSpelling(string typed, string suggestion)
    {
        var error = Assert.Throws<ScopeFormatException>(() => InstantlyScopes.Vocabulary.Parse(typed));

        Assert.Contains(suggestion, error.Suggestions);
    }

    [Fact]
    public void Vocabulary_EmailVerificationsHasNoUpdateOrDelete()
    {
        Assert.Throws<ScopeFormatException>(() => InstantlyScopes.Vocabulary.Parse("email_verifications:delete"));
    }
}
