using System.Globalization;
using Microsoft.AspNetCore.Components;
using Dara.Cloud.Portal.Components.Shell;
using MudBlazor;
using MudBlazor.Services;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>
/// Naming quality over time: the daily average score and the share of that day's analyses found misnamed, both in
/// percent so they share one axis. The chart is drawn at the size it is shown (a phone's text is as large as a
/// desktop's, not the desktop drawing shrunk), and a phone labels fewer days so they fit its width.
/// </summary>
public sealed partial class TrendChart : IBrowserViewportObserver, IAsyncDisposable
{
    /// <summary>At most this many day labels under the axis; the others are left blank so the labels stay readable.</summary>
    public const int MaxLabels = 8;

    /// <summary>At most this many day labels on a phone (below MudBlazor's Sm breakpoint, 600 px): about 80 px each.</summary>
    public const int MaxLabelsOnPhone = 4;

    private readonly LineChartOptions _options = new()
    {
        YAxisSuggestedMax = 100,
        YAxisTicks = 25,
        ShowDataMarkers = false,
    };

    private List<ChartSeries<double>> _series = [];
    private string _scoreColour = string.Empty;
    private string[] _labels = [];
    private List<DailyPoint> _points = [];
    private bool _phone;
    private bool _subscribed;

    [Inject]
    private IBrowserViewportService Viewport { get; set; } = default!;

    /// <summary>The theme in use: the lines take its colours, light or dark.</summary>
    [CascadingParameter]
    private DarkModeState? Theme { get; set; }

    /// <summary>The daily points (<see cref="OrgStats.Trend"/>), any order; null while loading.</summary>
    [Parameter]
    public IReadOnlyList<DailyPoint>? Points { get; set; }

    [Parameter]
    public string Height { get; set; } = "260px";

    /// <summary>The trend in words, for screen readers.</summary>
    public string Summary { get; private set; } = string.Empty;

    /// <summary>Whether the chart is laid out for a phone (fewer day labels); told by the browser once it is interactive.</summary>
    public bool OnPhone => _phone;

    Guid IBrowserViewportObserver.Id { get; } = Guid.NewGuid();

    // The service's default: told only when the breakpoint changes (a phone turned sideways), not at every pixel of a resize.
    ResizeOptions? IBrowserViewportObserver.ResizeOptions => null;

    protected override void OnParametersSet()
    {
        _points = (Points ?? []).OrderBy(p => p.Day).ToList();

        // A line needs two days: a new organization's first day would otherwise be an empty chart.
        _options.ShowDataMarkers = _points.Count == 1;

        // The score in the theme's primary colour, the misnamed share in its error colour: both stand out against the
        // card (3:1) in either palette and match the page around them (the fixed blue and red were MudBlazor's defaults).
        var palette = PaletteColors.Of(Theme);
        _scoreColour = PaletteColors.Hex(palette, palette.Primary);
        _options.ChartPalette = [_scoreColour, PaletteColors.Hex(palette, palette.Error)];
        Relabel();
        _series =
        [
            new ChartSeries<double> { Name = "Average score", Data = _points.Select(p => Math.Round(p.AverageScore, 1)).ToArray() },
            new ChartSeries<double> { Name = "Misnamed %", Data = _points.Select(MisnamedPercent).ToArray() },
        ];
        Summary = _points.Count == 0
            ? "No analyses yet"
            : $"Average score from {_points[0].AverageScore:0} on {_points[0].Day:yyyy-MM-dd} to {_points[^1].AverageScore:0} on {_points[^1].Day:yyyy-MM-dd}; "
              + $"misnamed from {MisnamedPercent(_points[0]):0}% to {MisnamedPercent(_points[^1]):0}%";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The width is the browser's to tell, so a prerendered chart starts with the desktop's labels.
        if (firstRender)
        {
            _subscribed = true;
            await Viewport.SubscribeAsync(this, fireImmediately: true);
        }
    }

    async Task IBrowserViewportObserver.NotifyBrowserViewportChangeAsync(BrowserViewportEventArgs browserViewportEventArgs)
    {
        var phone = browserViewportEventArgs.Breakpoint == Breakpoint.Xs;
        if (phone != _phone)
        {
            _phone = phone;
            Relabel();
            await InvokeAsync(StateHasChanged);
        }
    }

    /// <summary>
    /// Day labels (MM-dd), every n-th kept so at most <paramref name="maxLabels"/> show, and the last day always: a
    /// regular label too close to it (under half a step) gives way, so the two never run into each other.
    /// </summary>
    public static string[] Labels(IReadOnlyList<DateOnly> days, int maxLabels = MaxLabels)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLabels, 1);
        var step = Math.Max(1, (int)Math.Ceiling(days.Count / (double)maxLabels));
        var last = days.Count - 1;
        return days
            .Select((day, i) => i == last || (i % step == 0 && 2 * (last - i) >= step)
                ? day.ToString("MM-dd", CultureInfo.InvariantCulture)
                : string.Empty)
            .ToArray();
    }

    private void Relabel() => _labels = Labels(_points.Select(p => p.Day).ToList(), _phone ? MaxLabelsOnPhone : MaxLabels);

    private static double MisnamedPercent(DailyPoint point) =>
        point.Analyzed == 0 ? 0 : Math.Round(100.0 * point.Misnamed / point.Analyzed, 1);

    public async ValueTask DisposeAsync()
    {
        if (_subscribed)
        {
            await Viewport.UnsubscribeAsync(this);
        }
    }
}
