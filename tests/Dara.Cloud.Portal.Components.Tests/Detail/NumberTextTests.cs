using Dara.Cloud.Portal.Components.Detail;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

public sealed class NumberTextTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(934, "934 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1 KiB")]
    [InlineData(1_620, "1.6 KiB")]
    [InlineData(2_887, "2.8 KiB")]
    [InlineData(406_688, "397.2 KiB")]
    [InlineData(8L << 20, "8 MiB")]
    [InlineData(10_380_902, "9.9 MiB")]
    [InlineData(64L << 30, "64 GiB")]
    [InlineData(3L << 40, "3072 GiB")]
    public void Sizes_read_in_binary_units_after_a_space_as_the_cli_writes_them(long bytes, string expected) =>
        Assert.Equal(expected, NumberText.Bytes(bytes));

    [Theory]
    [InlineData((1L << 20) - 1, "1 MiB")]
    [InlineData((1L << 30) - 1, "1 GiB")]
    [InlineData((1L << 20) - 60, "1023.9 KiB")]
    public void A_size_that_rounds_to_1024_of_a_unit_is_given_in_the_next_one(long bytes, string expected) =>
        Assert.Equal(expected, NumberText.Bytes(bytes));

    [Fact]
    public void A_negative_size_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberText.Bytes(-1));
}
