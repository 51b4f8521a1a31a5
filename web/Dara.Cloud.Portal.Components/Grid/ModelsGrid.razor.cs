using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Grid;

/// <summary>
/// An organization's models in a server-paged, server-sorted, server-filtered grid: filter controls (text and author
/// debounced, verdict, review status, finding code, score range), verdict and review chips, and quick actions raised
/// as events. Every page comes from <see cref="LoadPage"/> with a <see cref="ModelQuery"/>; nothing is filtered or
/// sorted here.
/// </summary>
public partial class ModelsGrid
{
    private readonly Func<GridState<ModelSummary>, CancellationToken, Task<GridData<ModelSummary>>> _serverData;
    private MudDataGrid<ModelSummary>? _grid;
    private ModelFilters _filters = ModelFilters.None;
    private string _sort = ModelQueryMapping.DefaultSort;
    private (string Column, bool Descending) _initialSort = ModelQueryMapping.ColumnOf(null);
    private string? _loadError;

    public ModelsGrid()
    {
        // One delegate for the component's life: a new one per render would look like a new data source to the grid.
        _serverData = LoadServerDataAsync;
    }

    [Inject]
    private ILogger<ModelsGrid> Logger { get; set; } = default!;

    /// <summary>Loads one page of models for a query (the API or the organization grain); honour the token.</summary>
    [Parameter, EditorRequired]
    public Func<ModelQuery, CancellationToken, Task<ModelPage>> LoadPage { get; set; } = default!;

    /// <summary>The filters to start with (from the page's URL, a dashboard link).</summary>
    [Parameter]
    public ModelFilters? InitialFilters { get; set; }

    /// <summary>
    /// The order to start with (from the page's URL): score, -score, name, -name, analyzed or -analyzed; newest
    /// analyses first (<see cref="ModelQueryMapping.DefaultSort"/>) when it is none of them.
    /// </summary>
    [Parameter]
    public string? InitialSort { get; set; }

    /// <summary>The finding codes offered in the finding filter.</summary>
    [Parameter]
    public IReadOnlyList<string> FindingCodes { get; set; } = Dara.Cloud.Analysis.Checks.FindingCodes.All;

    [Parameter]
    public int PageSize { get; set; } = 25;

    [Parameter]
    public int[] PageSizeOptions { get; set; } = [10, 25, 50, 100];

    /// <summary>Milliseconds typing must pause before a text or score filter applies.</summary>
    [Parameter]
    public int Debounce { get; set; } = 300;

    /// <summary>A link for a model's name (its detail page); without it the name is plain text and "open" is the way in.</summary>
    [Parameter]
    public Func<ModelSummary, string>? ModelHref { get; set; }

    [Parameter]
    public EventCallback<ModelSummary> OnOpen { get; set; }

    [Parameter]
    public EventCallback<ModelSummary> OnReanalyze { get; set; }

    /// <summary>Whether the user may re-analyse models (reviewers and owners); viewers are not offered the action.</summary>
    [Parameter]
    public bool CanReanalyze { get; set; } = true;

    [Parameter]
    public EventCallback<ModelSummary> OnCopySuggestedName { get; set; }

    /// <summary>
    /// Raised with the filters (normalised) each time the user changes them, before the list is asked for again: the page
    /// writes them into its address, so a reload, the back button or a shared link shows the same list.
    /// </summary>
    [Parameter]
    public EventCallback<ModelFilters> FiltersChanged { get; set; }

    /// <summary>
    /// Raised with the order (score, -name, …) each time the user picks another one, by a column header or the phone's
    /// "Sort by" list, before the list is asked for in it: the page writes it into its address with the filters.
    /// </summary>
    [Parameter]
    public EventCallback<string> SortChanged { get; set; }

    /// <summary>The filters in effect.</summary>
    public ModelFilters Filters => _filters;

    /// <summary>The query of the page shown last (null before the first load).</summary>
    public ModelQuery? LastQuery { get; private set; }

    /// <summary>Loads the current page again (a model changed: live updates call this).</summary>
    public async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    /// <summary>Replaces the filters and shows the first page under them (call through the renderer: InvokeAsync).</summary>
    public async Task SetFiltersAsync(ModelFilters filters)
    {
        await ApplyAsync(filters ?? ModelFilters.None);
        StateHasChanged();
    }

    protected override void OnInitialized()
    {
        _filters = (InitialFilters ?? ModelFilters.None).Normalised();
        _initialSort = ModelQueryMapping.ColumnOf(InitialSort);
        _sort = ModelQueryMapping.SortOf(_initialSort.Column, _initialSort.Descending);
    }

    private async Task<GridData<ModelSummary>> LoadServerDataAsync(GridState<ModelSummary> state, CancellationToken cancellationToken)
    {
        var query = ModelQueryMapping.ToQuery(state, _filters);
        LastQuery = query;

        // Every change of order, a header's or the phone list's, ends here: the one place to tell the page of it.
        if (query.Sort != _sort)
        {
            _sort = query.Sort;
            await SortChanged.InvokeAsync(query.Sort);
        }

        try
        {
            var page = await LoadPage(query, cancellationToken);
            ShowLoadError(null);
            return new GridData<ModelSummary> { Items = page.Items, TotalItems = page.Total };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failed page is shown in place with a retry, not thrown into the grid (which would take the page down).
            Log.PageFailed(Logger, exception, query.Page);
            ShowLoadError(exception.Message);
            return new GridData<ModelSummary> { Items = [], TotalItems = 0 };
        }
    }

    /// <summary>The grid loads inside its own render cycle, so this component renders again only when told to.</summary>
    private void ShowLoadError(string? message)
    {
        if (message != _loadError)
        {
            _loadError = message;
            StateHasChanged();
        }
    }

    private Task OnTextChangedAsync(string? text) => ApplyAsync(_filters with { Text = text });

    private Task OnAuthorChangedAsync(string? author) => ApplyAsync(_filters with { Author = author });

    private Task OnFindingChangedAsync(string? finding) => ApplyAsync(_filters with { Finding = finding });

    private Task OnVerdictChangedAsync(string? verdict) => ApplyAsync(_filters with { Verdict = verdict });

    private Task OnReviewChangedAsync(string? status) => ApplyAsync(_filters with { Review = status });

    // The assignee comes only from a link (the dashboard's "assigned to me"); its chip takes it off.
    private Task OnAssigneeClearedAsync(MudChip<string> chip) => ApplyAsync(_filters with { Assignee = null });

    private Task OnMinScoreChangedAsync(int? score) => ApplyAsync(_filters with { MinScore = score });

    private Task OnMaxScoreChangedAsync(int? score) => ApplyAsync(_filters with { MaxScore = score });

    private Task ClearFiltersAsync() => ApplyAsync(ModelFilters.None);

    /// <summary>The order of the page shown (the one asked for before the first load).</summary>
    private string CurrentSort => _sort;

    private async Task OnSortChangedAsync(string? sort)
    {
        if (_grid is null)
        {
            return;
        }

        // The grid's own sort state, as a click on a column header sets it: the page asked for and the headers follow.
        var (column, descending) = ModelQueryMapping.ColumnOf(sort);
        await _grid.SetSortAsync(column, descending ? SortDirection.Descending : SortDirection.Ascending, SortKeyOf(column));
        StateHasChanged();
    }

    /// <summary>How the column showing <paramref name="column"/> starts sorted: the grid's first order is <see cref="InitialSort"/>.</summary>
    private SortDirection InitialDirectionOf(string column) =>
        _initialSort.Column != column ? SortDirection.None
        : _initialSort.Descending ? SortDirection.Descending
        : SortDirection.Ascending;

    private static Func<ModelSummary, object> SortKeyOf(string column) => column switch
    {
        ModelQueryMapping.NameColumn => m => m.RepoId,
        ModelQueryMapping.ScoreColumn => m => m.Score,
        _ => m => m.AnalyzedAt,
    };

    /// <summary>
    /// The chips to offer: the known values and, when a link asked for another one (<c>?verdict=nonsense</c>), that one
    /// too, shown selected so the empty list it gives has a visible cause and a chip to take it off.
    /// </summary>
    private static IEnumerable<string> WithUnknown(IReadOnlyList<string> known, string? current, params string[] alsoKnown) =>
        string.IsNullOrWhiteSpace(current) || known.Contains(current) || alsoKnown.Contains(current) ? known : [.. known, current];

    /// <summary>How the grid is sorted by the column showing <paramref name="column"/> (a <see cref="ModelQueryMapping"/> column).</summary>
    private SortDirection DirectionOf(string column) =>
        _grid?.SortDefinitions.TryGetValue(column, out var sort) != true ? SortDirection.None
        : sort!.Descending ? SortDirection.Descending
        : SortDirection.Ascending;

    private async Task ApplyAsync(ModelFilters filters)
    {
        // The controls keep what was typed; the server is asked again only when the query would change
        // (a trailing space or a blank search asks nothing new).
        var changed = filters.Normalised() != _filters.Normalised();
        _filters = filters;
        if (!changed || _grid is null)
        {
            return;
        }

        await FiltersChanged.InvokeAsync(filters.Normalised());

        // New filters start from the first page: page 7 of the old result set means nothing under the new one.
        if (_grid.CurrentPage != 0)
        {
            _grid.NavigateTo(MudBlazor.Page.First);
        }
        else
        {
            await _grid.ReloadServerData();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Loading page {Page} of the models grid failed")]
        public static partial void PageFailed(ILogger logger, Exception exception, int page);
    }
}
