using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Portal.Components.Naming;
using MudBlazor;
using Severity = Dara.Cloud.Analysis.Checks.Severity;

namespace Dara.Cloud.Portal.Components.Tests.Naming;

public sealed class VerdictAndScoreTests : ComponentTest
{
    [Theory]
    [InlineData("ok", "Ok", Color.Success)]
    [InlineData("suspicious", "Suspicious", Color.Warning)]
    [InlineData("misnamed", "Misnamed", Color.Error)]
    [InlineData("unreadable", "Unreadable", Color.Default)]
    public void A_verdict_chip_is_labelled_and_coloured_by_verdict(string verdict, string label, Color color)
    {
        var chip = Context.Render<VerdictChip>(p => p.Add(c => c.Verdict, verdict));

        Assert.Equal(label, chip.Find($".dara-verdict-{verdict}").TextContent.Trim());
        Assert.Equal($"Verdict: {verdict}", chip.Find(".dara-verdict").GetAttribute("aria-label"));
        Assert.Equal(color, chip.FindComponent<MudChip<string>>().Instance.Color);
    }

    [Fact]
    public void The_engine_verdicts_read_as_the_contract_writes_them() =>
        Assert.Equal(VerdictStyle.All, Enum.GetValues<Verdict>().Select(VerdictStyle.Text));

    [Theory]
    [InlineData(100, Color.Success)]
    [InlineData(80, Color.Success)]
    [InlineData(79, Color.Warning)]
    [InlineData(50, Color.Warning)]
    [InlineData(49, Color.Error)]
    [InlineData(0, Color.Error)]
    public void Scores_are_coloured_by_band(int score, Color color)
    {
        var gauge = Context.Render<ScoreGauge>(p => p.Add(c => c.Score, score));
        var badge = Context.Render<ScoreBadge>(p => p.Add(c => c.Score, score));

        Assert.Equal(color, gauge.FindComponent<MudProgressCircular>().Instance.Color);
        Assert.Equal(score.ToString(System.Globalization.CultureInfo.InvariantCulture), gauge.Find(".dara-score-value").TextContent.Trim());
        Assert.Equal(score.ToString(System.Globalization.CultureInfo.InvariantCulture), gauge.Find(".dara-score-gauge").GetAttribute("aria-valuenow"));
        Assert.Equal(color, badge.FindComponent<MudChip<int>>().Instance.Color);
        Assert.Equal($"Naming quality {score} of 100", badge.Find(".dara-score-badge").GetAttribute("aria-label"));
    }

    [Fact]
    public void Scores_and_verdicts_still_loading_show_skeletons()
    {
        Assert.NotEmpty(Context.Render<ScoreGauge>().FindComponents<MudSkeleton>());
        Assert.NotEmpty(Context.Render<ScoreBadge>().FindComponents<MudSkeleton>());
        Assert.NotEmpty(Context.Render<VerdictChip>().FindComponents<MudSkeleton>());
    }

    [Theory]
    [InlineData(Severity.Error, "Error", Color.Error)]
    [InlineData(Severity.Warning, "Warning", Color.Warning)]
    [InlineData(Severity.Info, "Info", Color.Info)]
    public void A_severity_icon_is_titled_and_coloured(Severity severity, string title, Color color)
    {
        var icon = Context.Render<SeverityIcon>(p => p.Add(c => c.Severity, severity));

        var mudIcon = icon.FindComponent<MudIcon>().Instance;
        Assert.Equal(title, mudIcon.Title);
        Assert.Equal(color, mudIcon.Color);
        Assert.Contains(title, icon.Markup, StringComparison.Ordinal);
    }
}
