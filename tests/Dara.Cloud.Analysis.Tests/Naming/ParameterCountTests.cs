using CsCheck;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Tests.Naming;

public sealed class ParameterCountTests
{
    private static readonly NameParser Parser = NameParser.Default;

    // Digit runs up to the tokenizer's 24-character limit and past it, with every unit, decimal point, BLOOM-style
    // decimal letter and expert prefix, so the products reach far beyond what a decimal holds.
    private static readonly Gen<string> HugeCounts = Gen.Select(
        Gen.String[Gen.Char["0123456789"], 1, 30],
        Gen.OneOf(Gen.Const(string.Empty), Gen.String[Gen.Char["0123456789"], 1, 12].Select(d => "." + d)),
        Gen.Char["bBmMtTkx."],
        Gen.OneOf(Gen.Const(string.Empty), Gen.String[Gen.Char["0123456789"], 1, 3]),
        Gen.OneOf(Gen.Const(string.Empty), Gen.String[Gen.Char["0123456789"], 1, 25].Select(e => e + "x")),
        (whole, fraction, unit, rest, experts) => experts + whole + fraction + unit + rest);

    [Theory]
    [InlineData("x-99999999999999999999B")]
    [InlineData("x-99999999999999999T")]
    [InlineData("acme/llama-99999999999999999999B")]
    [InlineData("999999999999999999999999b")]
    [InlineData("8x99999999999999999999b")]
    [InlineData("llama-99999999999999999999999m")]
    public void A_parameter_count_too_large_for_a_decimal_is_an_unknown_word(string name)
    {
        var parsed = Parser.Parse(name);

        Assert.DoesNotContain(parsed.Elements, e => e.Code == ElementCode.P);
        Assert.Equal(ElementCode.O, parsed.Elements[^1].Code);
    }

    [Fact]
    public void The_largest_count_accepted_is_still_read()
    {
        var parsed = Parser.Parse("100000b");

        Assert.Equal("100000000000000", Assert.Single(parsed.Elements, e => e.Code == ElementCode.P).Value);
    }

    [Fact]
    public void Parsing_huge_and_odd_numeric_tokens_never_throws() =>
        HugeCounts.Sample(token =>
        {
            var parsed = Parser.Parse("llama-" + token);
            return parsed.Elements.Where(e => e.Code == ElementCode.P).All(e => e.Value.Length <= 15 || e.Value.Contains('x'));
        });
}
