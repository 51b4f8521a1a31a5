using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Tests.Naming;

public sealed class NameParserRobustnessTests
{
    private static readonly NameParser Parser = NameParser.Default;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("owner/")]
    [InlineData("---___...")]
    public void Empty_names_parse_to_no_elements(string? name)
    {
        var parsed = Parser.Parse(name);

        Assert.Empty(parsed.Elements);
        Assert.False(parsed.Truncated);
    }

    [Fact]
    public void A_path_like_name_uses_the_last_segment_as_the_name()
    {
        var parsed = Parser.Parse("../../etc/passwd");

        Assert.Equal("../../etc", parsed.Owner);
        Assert.Equal("passwd", parsed.Name);
        Assert.Equal(ElementCode.O, Assert.Single(parsed.Elements).Code);
    }

    [Fact]
    public void Emoji_and_other_symbols_separate_tokens()
    {
        var parsed = Parser.Parse("🤖bert🔥large✨");

        Assert.Equal(["bert", "large"], parsed.Elements.Select(e => e.Text));
    }

    [Fact]
    public void Control_characters_and_unpaired_surrogates_do_not_break_parsing()
    {
        var parsed = Parser.Parse("bert\u0000\u0007-base\uD800\tv2\uDFFF");

        Assert.Equal("A S V", string.Join(' ', parsed.Elements.Select(e => e.Code)));
    }

    [Theory]
    [InlineData("bert-v٣")]
    [InlineData("gpt-३b")]
    [InlineData("٣٤٥")]
    public void Digits_of_other_scripts_are_read_as_text(string name)
    {
        var parsed = Parser.Parse(name);

        Assert.All(parsed.Elements, e => Assert.NotEqual(ElementCode.P, e.Code));
    }

    [Fact]
    public void Names_in_other_scripts_parse()
    {
        var parsed = Parser.Parse("uer/gpt2-中文-chinese-cluecorpussmall");

        Assert.Equal(["gpt2"], parsed.Architectures);
        Assert.Equal(["zh"], parsed.Languages);
    }

    [Fact]
    public void A_ten_kilobyte_name_is_read_only_up_to_the_cap_and_says_so()
    {
        var name = string.Concat(Enumerable.Repeat("bert-base-", 1024));
        var parsed = Parser.Parse("owner/" + name);

        Assert.True(parsed.Truncated);
        Assert.Equal(name, parsed.Name);
        Assert.All(parsed.Elements, e => Assert.True(e.Start + e.Length <= NameParser.MaxNameLength));
    }

    [Fact]
    public void A_single_ten_kilobyte_token_is_bounded_too()
    {
        var parsed = Parser.Parse(new string('a', 10_240) + "7b");

        Assert.True(parsed.Truncated);
        Assert.Equal(ElementCode.O, Assert.Single(parsed.Elements).Code);
        Assert.Equal(NameParser.MaxNameLength, parsed.Elements[0].Length);
    }

    [Fact]
    public void Parsing_is_safe_from_many_threads_at_once()
    {
        string[] names = ["albert-base-v2", "Helsinki-NLP/opus-mt-it-en", "TheBloke/Llama-2-7B-Chat-GGUF", "T5PRJ"];
        var expected = names.Select(n => string.Join(' ', Parser.Parse(n).Elements)).ToArray();

        var results = new string[400];
        Parallel.For(0, results.Length, i => results[i] = string.Join(' ', Parser.Parse(names[i % names.Length]).Elements));

        Assert.All(Enumerable.Range(0, results.Length), i => Assert.Equal(expected[i % names.Length], results[i]));
    }
}
