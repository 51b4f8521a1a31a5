using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>
/// Naming quality over time: the daily average score and the share of that day's analyses found misnamed, both in
/// percent so they share one axis.
/// </summary>
public partial class TrendChart
{
    /// <summary>At most this many day labels under the axis; the others are left blank so the labels stay readable.</summary>
    public const int MaxLabels = 8;

    private readonly LineChartOptions _options = new()
    {
        YAxisSuggestedMax = 100,
        YAxisTicks = 25,
        ShowDataMarkers = false,
        ChartPalette = ["#1E88E5", "#F44336"],
    };

    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];

    /// <summary>The daily points (<see cref="OrgStats.Trend"/>), any order; null while loading.</summary>
    [Parameter]
    public IReadOnlyList<DailyPoint>? Points { get; set; }

    [Parameter]
    public string Height { get; set; } = "260px";

    /// <summary>The trend in words, for screen readers.</summary>
    public string Summary { get; private set; } = string.Empty;

    protected override void OnParametersSet()
    {
        var points = (Points ?? []).OrderBy(p => p.Day).ToList();

        // A line needs two days: a new organization's first day would otherwise be an empty chart.
        _options.ShowDataMarkers = points.Count == 1;
        _labels = Labels(points.Select(p => p.Day).ToList());
        _series =
        [
            new ChartSeries<double> { Name = "Average score", Data = points.Select(p => Math.Round(p.AverageScore, 1)).ToArray() },
            new ChartSeries<double> { Name = "Misnamed %", Data = points.Select(MisnamedPercent).ToArray() },
        ];
        Summary = points.Count == 0
            ? "No analyses yet"
            : $"Average score from {points[0].AverageScore:0} on {points[0].Day:yyyy-MM-dd} to {points[^1].AverageScore:0} on {points[^1].Day:yyyy-MM-dd}";
    }

    /// <summary>Day labels (MM-dd), every n-th kept so at most <see cref="MaxLabels"/> show; the last day always shows.</summary>
    public static string[] Labels(IReadOnlyList<DateOnly> days)
    {
        var step = Math.Max(1, (int)Math.Ceiling(days.Count / (double)MaxLabels));
        return days
            .Select((day, i) => i % step == 0 || i == days.Count - 1 ? day.ToString("MM-dd", CultureInfo.InvariantCulture) : string.Empty)
            .ToArray();
    }

    private static double MisnamedPercent(DailyPoint point) =>
        point.Analyzed == 0 ? 0 : Math.Round(100.0 * point.Misnamed / point.Analyzed, 1);
}
