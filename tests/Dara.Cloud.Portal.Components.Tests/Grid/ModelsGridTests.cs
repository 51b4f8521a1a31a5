using Dara.Cloud.Portal.Components.Grid;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Grid;

/// <summary>The grid asks the server for every page: each control must turn into the right <see cref="ModelQuery"/>.</summary>
public sealed class ModelsGridTests : ComponentTest
{
    private readonly FakeModelIndex _index = FakeModelIndex.WithModels(30);

    [Fact]
    public void The_first_page_is_asked_for_newest_first()
    {
        var grid = RenderGrid();

        Assert.Equal(new ModelQuery(Sort: "-analyzed", Page: 1, PageSize: 10), Assert.Single(_index.Queries));
        Assert.Equal(10, Rows(grid).Count);
        Assert.Equal("owner-0/model-000", Rows(grid)[0]);
    }

    [Fact]
    public void Search_text_is_sent_once_typing_pauses()
    {
        // Long enough that three keystrokes dispatched back to back land within it, even on a loaded machine.
        var grid = RenderGrid(debounce: 500);

        var input = grid.Find(".dara-filter-text input");
        input.Input("m");
        input.Input("mo");
        input.Input("model-01");

        grid.WaitForAssertion(() => Assert.Equal("model-01", _index.LastQuery.Text));
        Assert.Equal(2, _index.Queries.Count);
        Assert.Equal(new ModelQuery(Text: "model-01", Sort: "-analyzed", Page: 1, PageSize: 10), _index.LastQuery);
        grid.WaitForAssertion(() => Assert.All(Rows(grid), row => Assert.Contains("model-01", row, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_author_filter_is_sent_as_the_author()
    {
        var grid = RenderGrid();

        grid.Find(".dara-filter-author input").Input("owner-1");

        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(Author: "owner-1", Sort: "-analyzed", Page: 1, PageSize: 10), _index.LastQuery));
        grid.WaitForAssertion(() => Assert.All(Rows(grid), row => Assert.StartsWith("owner-1/", row, StringComparison.Ordinal)));
    }

    [Fact]
    public void Blank_search_text_asks_nothing_new()
    {
        var grid = RenderGrid();

        grid.Find(".dara-filter-text input").Input("   ");
        grid.Find(".dara-filter-author input").Input("owner-1");
        grid.WaitForAssertion(() => Assert.Equal("owner-1", _index.LastQuery.Author));

        Assert.Equal(2, _index.Queries.Count);
        Assert.Null(_index.LastQuery.Text);
    }

    [Fact]
    public async Task Filters_set_by_the_page_show_in_the_controls_and_the_query()
    {
        var grid = RenderGrid();

        await grid.InvokeAsync(() => grid.Instance.SetFiltersAsync(new ModelFilters(Verdict: "suspicious", Text: "model-0")));

        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(Verdict: "suspicious", Text: "model-0", Sort: "-analyzed", Page: 1, PageSize: 10), _index.LastQuery));
        Assert.Equal("model-0", grid.Find(".dara-filter-text input").GetAttribute("value"));
        Assert.Equal(new ModelFilters(Verdict: "suspicious", Text: "model-0"), grid.Instance.Filters);
    }

    [Fact]
    public void Choosing_a_verdict_filters_by_it_and_choosing_it_again_clears_it()
    {
        var grid = RenderGrid();

        grid.Find(".dara-filter-verdict-misnamed").Click();
        grid.WaitForAssertion(() => Assert.Equal("misnamed", _index.LastQuery.Verdict));
        grid.WaitForAssertion(() => Assert.All(grid.FindAll(".dara-models-table .dara-verdict"), chip => Assert.Contains("dara-verdict-misnamed", chip.ClassList)));

        grid.Find(".dara-filter-verdict-misnamed").Click();
        grid.WaitForAssertion(() => Assert.Null(_index.LastQuery.Verdict));
    }

    [Fact]
    public void The_flagged_chip_lists_the_misnamed_and_suspicious_models_together()
    {
        var grid = RenderGrid();

        grid.Find(".dara-filter-verdict-flagged").Click();

        grid.WaitForAssertion(() => Assert.Equal(ModelQuery.Flagged, _index.LastQuery.Verdict));
        grid.WaitForAssertion(() =>
        {
            var verdicts = grid.FindAll(".dara-models-table .dara-verdict").SelectMany(chip => chip.ClassList).Where(c => c.StartsWith("dara-verdict-", StringComparison.Ordinal)).ToHashSet();
            Assert.Equal(["dara-verdict-misnamed", "dara-verdict-suspicious"], verdicts.Order(StringComparer.Ordinal));
        });
        Assert.Equal(new ModelFilters(Verdict: ModelQuery.Flagged), grid.Instance.Filters);
    }

    [Fact]
    public void Choosing_a_review_status_filters_by_it_and_each_row_shows_its_review()
    {
        var grid = RenderGrid();
        Assert.Equal(
            ["open", "assigned", "accepted", "dismissed"],
            grid.FindAll(".dara-models-table tbody .dara-review-status").Take(4).Select(chip => chip.TextContent.Trim().ToLowerInvariant()));

        grid.Find(".dara-filter-review-dismissed").Click();

        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(Sort: "-analyzed", Page: 1, PageSize: 10, ReviewStatus: "dismissed"), _index.LastQuery));
        grid.WaitForAssertion(() => Assert.All(grid.FindAll(".dara-models-table tbody .dara-review-status"), chip => Assert.Contains("dara-review-status-dismissed", chip.ClassList)));
        Assert.Equal(new ModelFilters(Review: "dismissed"), grid.Instance.Filters);

        grid.Find(".dara-filter-review-dismissed").Click();
        grid.WaitForAssertion(() => Assert.Null(_index.LastQuery.ReviewStatus));
    }

    [Fact]
    public void Choosing_a_finding_code_filters_by_it()
    {
        var popovers = Context.Render<MudPopoverProvider>();
        var grid = RenderGrid();

        grid.Find(".mud-input-control.dara-filter-finding").MouseDown();
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-list-item")));
        popovers.FindAll(".mud-list-item").Single(item => item.TextContent.Trim() == "size-mismatch").Click();

        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(Finding: "size-mismatch", Sort: "-analyzed", Page: 1, PageSize: 10), _index.LastQuery));
        grid.WaitForAssertion(() => Assert.All(grid.FindAll(".dara-models-table tbody tr"), row => Assert.Contains("size-mismatch", row.TextContent, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_score_range_is_sent_as_min_and_max()
    {
        var grid = RenderGrid();

        grid.Find(".dara-filter-min-score input").Input("40");
        grid.WaitForAssertion(() => Assert.Equal(40, _index.LastQuery.MinScore));
        grid.Find(".dara-filter-max-score input").Input("70");

        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(MinScore: 40, MaxScore: 70, Sort: "-analyzed", Page: 1, PageSize: 10), _index.LastQuery));
    }

    [Fact]
    public void Filters_combine_and_clearing_them_asks_for_everything_again()
    {
        var grid = RenderGrid();
        grid.Find(".dara-filter-verdict-suspicious").Click();
        grid.WaitForAssertion(() => Assert.Equal("suspicious", _index.LastQuery.Verdict));
        grid.Find(".dara-filter-author input").Input("owner-2");
        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(Verdict: "suspicious", Author: "owner-2", Sort: "-analyzed", Page: 1, PageSize: 10), _index.LastQuery));

        grid.Find(".dara-filter-clear").Click();

        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(Sort: "-analyzed", Page: 1, PageSize: 10), _index.LastQuery));
        Assert.True(grid.Find(".dara-filter-clear").HasAttribute("disabled"));
    }

    [Fact]
    public void Paging_asks_for_the_next_page_and_a_new_filter_starts_again_from_the_first()
    {
        var grid = RenderGrid();

        grid.Find("button[aria-label='Next page']").Click();
        grid.WaitForAssertion(() => Assert.Equal(2, _index.LastQuery.Page));
        grid.WaitForAssertion(() => Assert.Equal("owner-1/model-010", Rows(grid)[0]));

        grid.Find(".dara-filter-verdict-ok").Click();

        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(Verdict: "ok", Sort: "-analyzed", Page: 1, PageSize: 10), _index.LastQuery));
    }

    [Fact]
    public void Sorting_a_column_sends_its_key_and_sorting_again_reverses_it()
    {
        var grid = RenderGrid();

        SortBy(grid, "Score");
        grid.WaitForAssertion(() => Assert.Equal("score", _index.LastQuery.Sort));
        grid.WaitForAssertion(() => Assert.Equal("0", grid.Find(".dara-models-table tbody .dara-score-badge").TextContent.Trim()));

        SortBy(grid, "Score");
        grid.WaitForAssertion(() => Assert.Equal("-score", _index.LastQuery.Sort));

        SortBy(grid, "Model");
        grid.WaitForAssertion(() => Assert.Equal("name", _index.LastQuery.Sort));
        Assert.Equal(1, _index.LastQuery.Page);
    }

    [Fact]
    public void Each_sort_button_is_named_for_the_column_it_sorts_and_sorts_it()
    {
        var grid = RenderGrid();

        Assert.Equal(["Sort by model name", "Sort by score", "Sort by date analysed"], SortButtons(grid).Select(b => b.GetAttribute("aria-label")));
        Assert.Contains("dara-sort-descending", SortButton(grid, "Sort by date analysed").ClassList);

        SortButton(grid, "Sort by score").Click();
        grid.WaitForAssertion(() => Assert.Equal("score", _index.LastQuery.Sort));
        grid.WaitForAssertion(() => Assert.Contains("dara-sort-ascending", SortButton(grid, "Sort by score").ClassList));
        Assert.Contains("dara-sort-none", SortButton(grid, "Sort by date analysed").ClassList);

        SortButton(grid, "Sort by score").Click();
        grid.WaitForAssertion(() => Assert.Equal("-score", _index.LastQuery.Sort));
        grid.WaitForAssertion(() => Assert.Equal("descending", grid.FindAll("thead th").Single(th => th.TextContent.Trim() == "Score").GetAttribute("aria-sort")));
    }

    [Fact]
    public void The_sort_list_for_phones_sorts_as_the_column_headers_do_and_shows_the_order_in_effect()
    {
        var popovers = Context.Render<MudPopoverProvider>();
        var grid = RenderGrid();
        Assert.Equal("Newest analysis first", grid.Find(".dara-sort-select input").GetAttribute("value"));

        ChooseSort(grid, popovers, "Highest score first");

        grid.WaitForAssertion(() => Assert.Equal(new ModelQuery(Sort: "-score", Page: 1, PageSize: 10), _index.LastQuery));
        grid.WaitForAssertion(() => Assert.Contains("dara-sort-descending", SortButton(grid, "Sort by score").ClassList));
        grid.WaitForAssertion(() => Assert.Equal("Highest score first", grid.Find(".dara-sort-select input").GetAttribute("value")));

        ChooseSort(grid, popovers, "Name, A to Z");
        grid.WaitForAssertion(() => Assert.Equal("name", _index.LastQuery.Sort));
        Assert.Contains("dara-sort-none", SortButton(grid, "Sort by score").ClassList);
    }

    [Fact]
    public void The_order_a_link_asks_for_is_the_first_query_and_shows_in_the_headers_and_the_phone_list()
    {
        var grid = RenderGrid(p => p.Add(c => c.InitialSort, "-score"));

        Assert.Equal(new ModelQuery(Sort: "-score", Page: 1, PageSize: 10), Assert.Single(_index.Queries));
        Assert.Equal("98", grid.Find(".dara-models-table tbody .dara-score-badge").TextContent.Trim());
        Assert.Contains("dara-sort-descending", SortButton(grid, "Sort by score").ClassList);
        Assert.Contains("dara-sort-none", SortButton(grid, "Sort by date analysed").ClassList);
        Assert.Equal("Highest score first", grid.Find(".dara-sort-select input").GetAttribute("value"));
    }

    [Theory]
    [InlineData("name", "name")]
    [InlineData("-analyzed", "-analyzed")]
    [InlineData("analyzed", "analyzed")]
    [InlineData("nonsense", "-analyzed")]
    [InlineData(null, "-analyzed")]
    public void A_link_with_an_order_no_column_has_lists_the_newest_analyses_first(string? sort, string expected)
    {
        RenderGrid(p => p.Add(c => c.InitialSort, sort));

        Assert.Equal(expected, Assert.Single(_index.Queries).Sort);
    }

    [Fact]
    public void Each_order_the_user_picks_is_told_to_the_page_and_the_one_it_started_with_is_not()
    {
        var popovers = Context.Render<MudPopoverProvider>();
        var told = new List<string>();
        var grid = RenderGrid(p => p.Add(c => c.SortChanged, sort => told.Add(sort)).Add(c => c.InitialSort, "name"));
        Assert.Empty(told);

        // The phone's list used to sort the grid without the page hearing of it, so a reload lost the order.
        ChooseSort(grid, popovers, "Lowest score first");
        grid.WaitForAssertion(() => Assert.Equal(["score"], told));
        Assert.Equal("score", _index.LastQuery.Sort);

        SortButton(grid, "Sort by date analysed").Click();
        grid.WaitForAssertion(() => Assert.Equal(["score", "analyzed"], told));

        // A new filter or page asks again in the same order: nothing to tell.
        grid.Find(".dara-filter-verdict-misnamed").Click();
        grid.WaitForAssertion(() => Assert.Equal("misnamed", _index.LastQuery.Verdict));
        Assert.Equal(["score", "analyzed"], told);
    }

    [Fact]
    public void The_sort_list_is_only_for_screens_where_the_grid_hides_its_column_headers()
    {
        var grid = RenderGrid();

        // The grid turns into cards below its breakpoint (Xs, by default): the list shows there and only there.
        Assert.Equal(Breakpoint.Xs, grid.FindComponent<MudDataGrid<ModelSummary>>().Instance.Breakpoint);
        Assert.Contains("d-sm-none", grid.Find(".mud-input-control.dara-sort-select").ClassList);
    }

    [Fact]
    public void A_verdict_or_review_the_chips_do_not_know_shows_as_a_chosen_chip_that_takes_it_off()
    {
        var grid = RenderGrid(more: p => p.Add(c => c.InitialFilters, new ModelFilters(Verdict: "nonsense", Review: "lost")));
        Assert.Equal(new ModelQuery(Verdict: "nonsense", Sort: "-analyzed", Page: 1, PageSize: 10, ReviewStatus: "lost"), _index.LastQuery);

        // An address with ?verdict=nonsense listed no model with no chip chosen: nothing showed what hid them.
        var verdict = grid.Find(".dara-filter-verdict-nonsense");
        Assert.Equal("Nonsense", verdict.TextContent.Trim());
        Assert.Contains("mud-chip-selected", verdict.ClassList);
        Assert.Contains("mud-chip-selected", grid.Find(".dara-filter-review-lost").ClassList);

        verdict.Click();
        grid.WaitForAssertion(() => Assert.Null(_index.LastQuery.Verdict));
        Assert.Equal("lost", _index.LastQuery.ReviewStatus);
    }

    [Fact]
    public void Each_change_of_the_filters_is_told_to_the_page_and_a_change_to_nothing_new_is_not()
    {
        var told = new List<ModelFilters>();
        var grid = RenderGrid(more: p => p.Add(c => c.FiltersChanged, filters => told.Add(filters)));

        grid.Find(".dara-filter-verdict-misnamed").Click();
        grid.WaitForAssertion(() => Assert.Equal([new ModelFilters(Verdict: "misnamed")], told));
        grid.Find(".dara-filter-author input").Input(" owner-1 ");
        grid.WaitForAssertion(() => Assert.Equal(new ModelFilters(Verdict: "misnamed", Author: "owner-1"), told[^1]));
        grid.Find(".dara-filter-text input").Input("   ");

        Assert.Equal(2, told.Count);
        grid.Find(".dara-filter-clear").Click();
        grid.WaitForAssertion(() => Assert.Equal(ModelFilters.None, told[^1]));
    }

    [Fact]
    public void Quick_actions_raise_their_events_with_the_row_model()
    {
        ModelSummary? opened = null, reanalyzed = null, copied = null;
        var grid = RenderGrid(p => p
            .Add(c => c.OnOpen, m => opened = m)
            .Add(c => c.OnReanalyze, m => reanalyzed = m)
            .Add(c => c.OnCopySuggestedName, m => copied = m));

        grid.FindAll(".dara-action-open")[1].Click();
        grid.FindAll(".dara-action-reanalyze")[2].Click();
        grid.FindAll(".dara-action-copy")[3].Click();

        Assert.Equal("owner-1/model-001", opened?.RepoId);
        Assert.Equal("owner-2/model-002", reanalyzed?.RepoId);
        Assert.Equal("owner-0/model-003", copied?.RepoId);
        Assert.Equal("Open owner-1/model-001", grid.FindAll(".dara-action-open")[1].GetAttribute("aria-label"));
    }

    [Fact]
    public void Open_links_to_the_model_when_a_link_is_given()
    {
        // The models page gives a link and no OnOpen handler: the button must still open the model.
        var grid = RenderGrid(p => p.Add(c => c.ModelHref, m => $"/models/{m.RepoId}"));

        var open = grid.FindAll(".dara-action-open")[1];
        Assert.Equal("A", open.TagName);
        Assert.Equal("/models/owner-1/model-001", open.GetAttribute("href"));
    }

    [Fact]
    public void Viewers_are_not_offered_to_analyse_again()
    {
        var grid = RenderGrid(p => p.Add(c => c.CanReanalyze, false));

        Assert.Empty(grid.FindAll(".dara-action-reanalyze"));
        Assert.NotEmpty(grid.FindAll(".dara-action-open"));
        Assert.NotEmpty(grid.FindAll(".dara-action-copy"));
    }

    [Fact]
    public void Names_link_to_the_model_when_a_link_is_given()
    {
        var grid = RenderGrid(p => p.Add(c => c.ModelHref, m => $"/models/{m.RepoId}"));

        Assert.Equal("/models/owner-0/model-000", grid.Find(".dara-model-link").GetAttribute("href"));
    }

    [Fact]
    public void Initial_filters_are_in_the_first_query()
    {
        RenderGrid(p => p.Add(c => c.InitialFilters, new ModelFilters(Finding: "convention", MinScore: 10)));

        Assert.Equal(new ModelQuery(Finding: "convention", MinScore: 10, Sort: "-analyzed", Page: 1, PageSize: 10), Assert.Single(_index.Queries));
    }

    [Fact]
    public void An_assignee_from_a_link_filters_the_list_and_its_chip_takes_it_off()
    {
        var grid = RenderGrid(p => p.Add(c => c.InitialFilters, new ModelFilters(Review: "assigned", Assignee: " ana@example.com ")));

        Assert.Equal(new ModelQuery(Sort: "-analyzed", Page: 1, PageSize: 10, ReviewStatus: "assigned", Assignee: "ana@example.com"), Assert.Single(_index.Queries));
        Assert.Contains("Assigned to ana@example.com", grid.Find(".dara-filter-assignee").TextContent, StringComparison.Ordinal);

        grid.Find(".dara-filter-assignee .mud-chip-close-button").Click();

        grid.WaitForAssertion(() => Assert.Null(_index.LastQuery.Assignee));
        Assert.Equal("assigned", _index.LastQuery.ReviewStatus);
        Assert.Empty(grid.FindAll(".dara-filter-assignee"));
    }

    [Fact]
    public void A_page_that_fails_to_load_is_explained_and_can_be_tried_again()
    {
        var fail = true;
        var grid = RenderGrid(load: (query, token) =>
            fail ? throw new InvalidOperationException("the organization is unavailable") : _index.LoadAsync(query, token));

        Assert.Contains("the organization is unavailable", grid.Find(".dara-models-error").TextContent, StringComparison.Ordinal);

        fail = false;
        grid.Find(".dara-models-error button").Click();

        grid.WaitForAssertion(() => Assert.Empty(grid.FindAll(".dara-models-error")));
        Assert.Equal(10, Rows(grid).Count);
    }

    [Fact]
    public async Task Reloading_asks_for_the_same_page_again()
    {
        var grid = RenderGrid();

        await grid.InvokeAsync(grid.Instance.ReloadAsync);

        Assert.Equal(2, _index.Queries.Count);
        Assert.Equal(_index.Queries[0], _index.Queries[1]);
    }

    [Fact]
    public void An_empty_result_says_whether_filters_hid_everything()
    {
        var grid = RenderGrid(p => p.Add(c => c.InitialFilters, new ModelFilters(Text: "no-such-model")));

        Assert.Equal("No models match these filters.", grid.Find(".dara-models-none").TextContent.Trim());
    }

    private IRenderedComponent<ModelsGrid> RenderGrid(
        Action<ComponentParameterCollectionBuilder<ModelsGrid>>? more = null,
        Func<ModelQuery, CancellationToken, Task<ModelPage>>? load = null,
        int debounce = 20) =>
        Context.Render<ModelsGrid>(p =>
        {
            p.Add(c => c.LoadPage, load ?? _index.LoadAsync).Add(c => c.PageSize, 10).Add(c => c.Debounce, debounce);
            more?.Invoke(p);
        });

    private static List<string> Rows(IRenderedComponent<ModelsGrid> grid) =>
        grid.FindAll(".dara-models-table tbody .dara-model-name, .dara-models-table tbody .dara-model-link").Select(n => n.TextContent.Trim()).ToList();

    private static IEnumerable<AngleSharp.Dom.IElement> SortButtons(IRenderedComponent<ModelsGrid> grid) => grid.FindAll("thead .dara-sort-button");

    private static AngleSharp.Dom.IElement SortButton(IRenderedComponent<ModelsGrid> grid, string name) =>
        SortButtons(grid).Single(b => b.GetAttribute("aria-label") == name);

    private static void ChooseSort(IRenderedComponent<ModelsGrid> grid, IRenderedComponent<MudPopoverProvider> popovers, string label)
    {
        grid.Find(".mud-input-control.dara-sort-select").MouseDown();
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), item => item.TextContent.Trim() == label));
        popovers.FindAll(".mud-list-item").Single(item => item.TextContent.Trim() == label).Click();
    }

    private static void SortBy(IRenderedComponent<ModelsGrid> grid, string title) =>
        grid.FindAll(".sortable-column-header").Single(h => h.TextContent.Trim() == title).Click();
}
