using Dara.Cloud.Portal.Components.Dashboard;
using Dara.Cloud.Portal.Components.Naming;
using Dara.Cloud.Portal.Components.Shell;
using MudBlazor;
using MudBlazor.Utilities;

namespace Dara.Cloud.Portal.Components.Tests.Dashboard;

/// <summary>
/// WCAG 1.4.11 (non-text contrast), which axe-core does not check on graphics: every colour the dashboard's charts draw
/// with stands out 3:1 against the cards and the page behind them, in Dara's light and dark palettes. The ratios are
/// computed from the theme's own colour values (WCAG's relative luminance), so a changed theme colour is checked too.
/// </summary>
public sealed class ChartContrastTests : ComponentTest
{
    /// <summary>WCAG 1.4.11's minimum for graphical objects against adjacent colours.</summary>
    private const double GraphicsMinimum = 3.0;

    private static readonly OrgStats Stats = new(
        Models: 10,
        AverageScore: 70,
        ByVerdict: new Dictionary<string, int> { ["ok"] = 4, ["suspicious"] = 3, ["misnamed"] = 2, ["unreadable"] = 1 },
        ByFinding: new Dictionary<string, int>(),
        ScoreHistogram: [0, 0, 0, 0, 0, 0, 0, 0, 0, 10],
        Trend: [new DailyPoint(new DateOnly(2025, 5, 30), 4, 60, 2), new DailyPoint(new DateOnly(2025, 5, 31), 6, 76, 1)],
        Worst: [],
        Recent: []);

    public static TheoryData<string> Palettes => ["light", "dark"];

    [Theory]
    [MemberData(nameof(Palettes))]
    public void The_trend_lines_stand_out_against_the_card_in_the_theme_in_use(string mode)
    {
        var state = StateOf(mode);
        var trend = Context.Render<TrendChart>(p => p.Add(c => c.Points, Stats.Trend).AddCascadingValue(state));

        var colours = trend.FindComponent<MudChart<double>>().Instance.ChartOptions!.ChartPalette;

        Assert.Equal(2, colours.Length);
        AssertStandsOut(state.Palette, colours, $"trend, {mode}");
    }

    [Theory]
    [MemberData(nameof(Palettes))]
    public void Every_verdicts_slice_stands_out_against_the_card_in_the_theme_in_use(string mode)
    {
        var state = StateOf(mode);
        var chart = Context.Render<VerdictDistributionChart>(p => p.Add(c => c.ByVerdict, Stats.ByVerdict).AddCascadingValue(state));

        var colours = chart.FindComponent<MudChart<double>>().Instance.ChartOptions!.ChartPalette;

        Assert.Equal(VerdictStyle.All.Count, colours.Length);
        AssertStandsOut(state.Palette, colours, $"verdicts, {mode}");
    }

    [Theory]
    [MemberData(nameof(Palettes))]
    public void A_slice_has_the_colour_of_its_verdicts_icon_in_the_theme_in_use(string mode)
    {
        var state = StateOf(mode);
        var chart = Context.Render<VerdictDistributionChart>(p => p.Add(c => c.ByVerdict, Stats.ByVerdict).AddCascadingValue(state));

        var colours = chart.FindComponent<MudChart<double>>().Instance.ChartOptions!.ChartPalette;

        // The list beside the donut names each verdict with its icon in the theme's colour: the slice matches it.
        Assert.Equal(Hex(state.Palette.Success), colours[0]);
        Assert.Equal(Hex(state.Palette.Warning), colours[1]);
        Assert.Equal(Hex(state.Palette.Error), colours[2]);
    }

    [Theory]
    [MemberData(nameof(Palettes))]
    public void The_score_gauges_ring_and_the_probability_bars_stand_out_against_the_card(string mode)
    {
        var palette = StateOf(mode).Palette;

        // The gauge's ring is in its band's colour; the classifier's and the finding kinds' bars in the primary colour.
        var ringColours = new[] { 100, ScoreBands.Good, ScoreBands.Doubtful, 0 }
            .Select(score => ColourOf(palette, ScoreBands.ColorOf(score)))
            .Append(palette.Primary)
            .Select(colour => PaletteColors.Hex(palette, colour))
            .ToArray();

        AssertStandsOut(palette, ringColours, $"gauge and bars, {mode}");
    }

    [Fact]
    public void Without_a_theme_around_them_the_charts_take_the_light_palette()
    {
        var trend = Context.Render<TrendChart>(p => p.Add(c => c.Points, Stats.Trend));

        var light = DaraTheme.Default.PaletteLight;
        Assert.Equal([Hex(light.Primary), Hex(light.Error)], trend.FindComponent<MudChart<double>>().Instance.ChartOptions!.ChartPalette);
    }

    [Fact]
    public void A_translucent_palette_colour_is_laid_over_the_card_as_an_opaque_one()
    {
        var light = DaraTheme.Default.PaletteLight;

        // Black at 20% (51 of 255) over white: 80% of white is 204 (CC) in each channel.
        Assert.Equal("#CCCCCC", PaletteColors.Hex(light, new MudColor((byte)0, (byte)0, (byte)0, (byte)51)));
        Assert.Equal("#1565C0", PaletteColors.Hex(light, light.Primary));
    }

    private static DarkModeState StateOf(string mode)
    {
        var dark = mode == "dark";
        return new DarkModeState(dark, () => Task.CompletedTask, dark ? DaraTheme.Default.PaletteDark : DaraTheme.Default.PaletteLight);
    }

    private static void AssertStandsOut(Palette palette, IEnumerable<string> colours, string what)
    {
        // Charts sit on cards (the surface); the page's background is checked too, for a chart drawn outside a card.
        foreach (var colour in colours)
        {
            foreach (var (name, behind) in new[] { ("surface", palette.Surface), ("background", palette.Background) })
            {
                var ratio = ContrastRatio(new MudColor(colour), behind);
                Assert.True(ratio >= GraphicsMinimum, $"{what}: {colour} on the {name} {behind.Value} is {ratio:0.00}:1, under {GraphicsMinimum}:1");
            }
        }
    }

    /// <summary>WCAG 2.x contrast ratio of two opaque colours: (L1 + 0.05) / (L2 + 0.05), the lighter's luminance over the darker's.</summary>
    private static double ContrastRatio(MudColor a, MudColor b)
    {
        Assert.Equal(255, b.A);
        var (la, lb) = (RelativeLuminance(a), RelativeLuminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double RelativeLuminance(MudColor colour)
    {
        Assert.Equal(255, colour.A);
        static double Linear(byte channel)
        {
            var c = channel / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Linear(colour.R)) + (0.7152 * Linear(colour.G)) + (0.0722 * Linear(colour.B));
    }

    private static MudColor ColourOf(Palette palette, Color color) => color switch
    {
        Color.Success => palette.Success,
        Color.Warning => palette.Warning,
        Color.Error => palette.Error,
        Color.Primary => palette.Primary,
        _ => throw new ArgumentOutOfRangeException(nameof(color), color, "not a colour the charts draw with"),
    };

    private static string Hex(MudColor colour) => $"#{colour.R:X2}{colour.G:X2}{colour.B:X2}";
}
