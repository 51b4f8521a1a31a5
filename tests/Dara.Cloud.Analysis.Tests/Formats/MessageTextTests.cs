using Dara.Cloud.Analysis.Formats;

namespace Dara.Cloud.Analysis.Tests.Formats;

public sealed class MessageTextTests
{
    [Fact]
    public void Text_without_control_characters_is_returned_as_is()
    {
        const string text = "uer/gpt2-中文-🤖 [red]";

        Assert.Same(text, MessageText.Printable(text));
    }

    [Theory]
    [InlineData("bert\u001b[2J", "bert\\u001b[2J")]
    [InlineData("a\u0000b\u0007c\u007f", "a\\u0000b\\u0007c\\u007f")]
    [InlineData("csi\u009b31m", "csi\\u009b31m")]
    [InlineData("tab\there", "tab\\u0009here")]
    public void Control_characters_become_visible_escapes(string text, string shown) =>
        Assert.Equal(shown, MessageText.Printable(text));

    [Fact]
    public void A_quoted_name_is_one_short_line_without_control_characters()
    {
        var name = string.Concat(Enumerable.Repeat("x\n\u001b[2J\r\n", 1000));

        var quoted = MessageText.Quote(name);

        Assert.StartsWith("'x \\u001b[2J x ", quoted, StringComparison.Ordinal);
        Assert.EndsWith("…'", quoted, StringComparison.Ordinal);
        Assert.DoesNotContain(quoted, char.IsControl);
        Assert.InRange(quoted.Length, 1, 200);
    }

    [Theory]
    [InlineData("xyz", "'x' is an invalid start of a value (line 1, byte 1)")]
    [InlineData("{\"a\":\n  [1,}", "(line 2, byte 6)")]
    public void A_json_problem_reads_without_the_readers_internals(string json, string expected)
    {
        var exception = Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(json));

        var problem = MessageText.JsonProblem(exception);

        Assert.EndsWith(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", problem, StringComparison.Ordinal);
    }
}
