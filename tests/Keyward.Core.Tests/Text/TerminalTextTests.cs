using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Text;

namespace Keyward.Core.Tests.Text;

public class TerminalTextTests
{
    [Theory]
    [InlineData("Hot lead - call today", "Hot lead - call today")]
    [InlineData("Très intéressé 👨‍💻", "Très intéressé 👨‍💻")] // accents and an emoji joined by U+200D stay
    [InlineData("ok\u001b[2J\u001b[31mforged", "ok [2J [31mforged")]
    [InlineData("one\r\nkeyward webhooks: error: forged", "one  keyward webhooks: error: forged")]
    [InlineData("a\u2028b\u2029c\u0085d", "a b c d")]
    [InlineData("invoice\u202Egpj.exe", "invoice gpj.exe")]
    [InlineData("\u2066isolated\u2069 \u200Fmark", " isolated   mark")]
    public void OneLine_BlanksWhatWouldMoveTheCursorBreakTheLineOrReorderIt_AndKeepsTheRest(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.OneLine(text));
    }

    [Fact]
    public void OneLine_OfAnyText_KeepsItsLength_LeavesNoUnsafeCharacter_AndChangesNothingElse()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null), text =>
        {
            var shown = TerminalText.OneLine(text);
            return shown.Length == text.Length
                && !shown.Any(TerminalText.IsUnsafe)
                && shown.Zip(text).All(p => p.First == p.Second || (p.First == ' ' && TerminalText.IsUnsafe(p.Second)));
        }));
    }
}
