using Keyward.Core.Scopes;

namespace Keyward.Core.Tests.Scopes;

public class ScopeVocabularyTests
{
    private static readonly ScopeVocabulary Vocabulary = new("Acme", new Dictionary<string, IReadOnlyList<ScopeAction>>
    {
        ["leads"] = [ScopeAction.All, ScopeAction.Create, ScopeAction.Read, ScopeAction.Update, ScopeAction.Delete],
        ["lead_lists"] = [ScopeAction.All, ScopeAction.Create, ScopeAction.Read, ScopeAction.Update, ScopeAction.Delete],
        ["email_verifications"] = [ScopeAction.All, ScopeAction.Create, ScopeAction.Read],
    });

    [Theory]
    [InlineData("lead:read", "leads:read")]
    [InlineData("Leads:Read", "leads:read")]
    [InlineData("lead-lists:read", "lead_lists:read")]
    [InlineData("leads.read", "leads:read")]
    [InlineData("leads:reed", "leads:read")]
    public void Parse_Typo_SuggestsClosestValidScope(string text, string suggestion)
    {
        var error = Assert.Throws<ScopeFormatException>(() => Vocabulary.Parse(text));

        Assert.Equal(suggestion, error.Suggestions[0]);
        Assert.Contains($"did you mean {suggestion}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ActionTheResourceLacks_SaysWhichActionsItSupports()
    {
        var error = Assert.Throws<ScopeFormatException>(() => Vocabulary.Parse("email_verifications:delete"));

        Assert.Contains("email_verifications supports only all, create, read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NothingClose_PointsToTheList()
    {
        var error = Assert.Throws<ScopeFormatException>(() => Vocabulary.Parse("zzzzzzzzzzzzzzzz:all"));

        Assert.Empty(error.Suggestions);
        Assert.Contains("keyward scopes list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scopes_IncludeAllResourceWithEveryAction()
    {
        Assert.Contains(Scope.Everything, Vocabulary.Scopes);
        Assert.Equal(5 + 5 + 5 + 3, Vocabulary.Scopes.Count);
    }

    [Fact]
    public void ParseSet_FirstUnknownScope_Throws()
    {
        Assert.Throws<ScopeFormatException>(() => Vocabulary.ParseSet("leads:read nope:read"));
        Assert.Equal(2, Vocabulary.ParseSet("leads:read, all:read").Count);
    }
}
