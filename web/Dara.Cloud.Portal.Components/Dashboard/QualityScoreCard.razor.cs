using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>The organization's average naming-quality score, its model count by verdict and the trend's change.</summary>
public partial class QualityScoreCard
{
    /// <summary>The organization's aggregates; null while they load.</summary>
    [Parameter]
    public OrgStats? Stats { get; set; }

    private int AverageScore => Stats is null ? 0 : (int)Math.Round(Stats.AverageScore);

    /// <summary>The average score's change from the first to the last day of the trend, when there are two days.</summary>
    private double? TrendChange =>
        Stats is { Trend.Count: >= 2 } ? Stats.Trend[^1].AverageScore - Stats.Trend[0].AverageScore : null;

    private string Count(string verdict) =>
        (Stats?.ByVerdict.TryGetValue(verdict, out var count) == true ? count : 0).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
