using Dara.Cloud.Portal.Components.Detail;
using Dara.Cloud.Portal.Components.Naming;
using Dara.Cloud.Portal.Components.Shell;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>How an organization's models split by verdict: a donut in the verdicts' colours and the counts, each a link to them.</summary>
public partial class VerdictDistributionChart
{
    private readonly DonutChartOptions _options = new() { ShowLegend = false };
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private IReadOnlyList<(string Verdict, int Count)> _counts = [];
    private int _total;

    /// <summary>The theme in use: the slices take its colours, light or dark.</summary>
    [CascadingParameter]
    private DarkModeState? Theme { get; set; }

    /// <summary>Models per verdict (<see cref="OrgStats.ByVerdict"/>); null while loading.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, int>? ByVerdict { get; set; }

    /// <summary>Raised with a verdict when its count is chosen (to open the models filtered by it).</summary>
    [Parameter]
    public EventCallback<string> OnSelect { get; set; }

    protected override void OnParametersSet()
    {
        var byVerdict = ByVerdict ?? new Dictionary<string, int>();
        // Known verdicts in their usual order, then anything newer the contract may add, so no count is dropped.
        _counts = VerdictStyle.All
            .Concat(byVerdict.Keys.Where(k => !VerdictStyle.All.Contains(k)).Order(StringComparer.Ordinal))
            .Select(v => (v, byVerdict.TryGetValue(v, out var count) ? count : 0))
            .Where(p => p.Item2 > 0)
            .ToList();
        _total = _counts.Sum(p => p.Count);
        _labels = _counts.Select(p => VerdictStyle.LabelOf(p.Verdict)).ToArray();
        _series = [new ChartSeries<double> { Name = "Models", Data = _counts.Select(p => (double)p.Count).ToArray() }];
        var palette = PaletteColors.Of(Theme);
        _options.ChartPalette = _counts.Select(p => VerdictStyle.HexOf(p.Verdict, palette)).ToArray();
    }

    private string Share(int count) => _total == 0 ? "0%" : NumberText.Percent(count / (double)_total);
}
