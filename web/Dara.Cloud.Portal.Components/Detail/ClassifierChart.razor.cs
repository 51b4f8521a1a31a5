using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// One head of the learned classifier (model_type, architecture or task): its top predictions as a bar chart of
/// probabilities, most likely first, with the numbers also as a list.
/// </summary>
public partial class ClassifierChart
{
    private readonly BarChartOptions _options = new()
    {
        ShowLegend = false,
        YAxisSuggestedMax = 100,
        YAxisFormat = "0'%'",
        YAxisTicks = 25,
    };

    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private IReadOnlyList<(string Label, double Probability)> _ranked = [];

    /// <summary>The head's name, shown above the chart ("Model type", "Architecture", "Task").</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>Labels with their 0–1 probabilities (any order; shown most likely first); null while loading.</summary>
    [Parameter]
    public IReadOnlyList<(string Label, double Probability)>? Predictions { get; set; }

    [Parameter]
    public string Height { get; set; } = "200px";

    protected override void OnParametersSet()
    {
        _ranked = Predictions is null ? [] : Predictions.OrderByDescending(p => p.Probability).ToList();
        _labels = _ranked.Select(p => p.Label).ToArray();
        _series =
        [
            new ChartSeries<double>
            {
                Name = "Probability",
                Data = _ranked.Select(p => Math.Round(Math.Clamp(p.Probability, 0, 1) * 100, 1)).ToArray(),
            },
        ];
    }
}
