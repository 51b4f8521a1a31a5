using Dara.Cloud.Analysis.Checks;

namespace Dara.Cloud.Analysis.Tests.Checks;

public sealed class ParameterTextTests
{
    [Theory]
    [InlineData(68_976_648_192L, "70B")] // Llama 2 70B
    [InlineData(70_553_706_496L, "70B")] // Llama 3 70B
    [InlineData(13_015_864_320L, "13B")] // Llama 2 13B: no round figure near, the whole number
    [InlineData(11_846_072_320L, "12B")] // Pythia 12B
    [InlineData(355_000_000L, "355M")]
    [InlineData(405_334_016L, "405M")]
    public void Counts_of_ten_units_and_more_are_written_as_the_round_figure_people_publish_when_close_to_one(long count, string expected) =>
        Assert.Equal(expected, ParameterText.Format(count));

    [Theory]
    [InlineData(6_738_415_616L, "6.7B")]
    [InlineData(1_414_647_808L, "1.4B")]
    [InlineData(7_241_732_096L, "7.2B")]
    public void Counts_below_ten_units_keep_two_significant_figures(long count, string expected) =>
        Assert.Equal(expected, ParameterText.Format(count));

    [Fact]
    public void The_unit_letter_follows_the_case_of_the_claimed_token() =>
        Assert.Equal("70b", ParameterText.Format(68_976_648_192L, "7b"));

    [Fact]
    public void Counts_under_a_thousand_have_no_unit() =>
        Assert.Equal("950", ParameterText.Format(950));
}
