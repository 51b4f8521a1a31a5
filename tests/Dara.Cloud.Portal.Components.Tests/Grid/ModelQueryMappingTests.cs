using Dara.Cloud.Portal.Components.Grid;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Grid;

public sealed class ModelQueryMappingTests
{
    [Theory]
    [InlineData(ModelQueryMapping.ScoreColumn, false, "score")]
    [InlineData(ModelQueryMapping.ScoreColumn, true, "-score")]
    [InlineData(ModelQueryMapping.NameColumn, false, "name")]
    [InlineData(ModelQueryMapping.NameColumn, true, "-name")]
    [InlineData(ModelQueryMapping.AnalyzedColumn, false, "analyzed")]
    [InlineData(ModelQueryMapping.AnalyzedColumn, true, "-analyzed")]
    [InlineData(null, false, "-analyzed")]
    [InlineData("Verdict", false, "-analyzed")]
    public void Sort_columns_map_to_the_API_sort_keys(string? column, bool descending, string sort) =>
        Assert.Equal(sort, ModelQueryMapping.SortOf(column, descending));

    [Fact]
    public void The_grid_state_gives_a_one_based_page_its_size_and_the_sort()
    {
        var state = new GridState<ModelSummary>
        {
            Page = 3,
            PageSize = 50,
            SortDefinitions = [new SortDefinition<ModelSummary>(ModelQueryMapping.ScoreColumn, true, 0, m => m.Score)],
        };

        var query = ModelQueryMapping.ToQuery(state, new ModelFilters(Verdict: "misnamed", Review: " dismissed", Assignee: "ana@example.com "));

        Assert.Equal(new ModelQuery(Verdict: "misnamed", Sort: "-score", Page: 4, PageSize: 50, ReviewStatus: "dismissed", Assignee: "ana@example.com"), query);
    }

    [Fact]
    public void Filters_are_trimmed_blank_ones_dropped_and_scores_clamped_and_ordered()
    {
        var query = ModelQueryMapping.ToQuery(
            new ModelFilters(Verdict: " ", Finding: "", Text: "  bert ", Author: " acme", MinScore: 120, MaxScore: -5),
            page: 0,
            pageSize: 25,
            sortBy: null,
            descending: false);

        Assert.Equal(new ModelQuery(Text: "bert", Author: "acme", MinScore: 0, MaxScore: 100, Sort: "-analyzed", Page: 1, PageSize: 25), query);
    }

    [Fact]
    public void Filters_that_say_nothing_are_empty() =>
        Assert.True(new ModelFilters(Text: "  ", Author: "").IsEmpty);

    [Fact]
    public void Every_sort_offered_on_a_phone_maps_to_its_column_and_back()
    {
        Assert.Equal(ModelQueryMapping.DefaultSort, ModelQueryMapping.SortChoices[0].Sort);
        Assert.All(ModelQueryMapping.SortChoices, choice =>
        {
            var (column, descending) = ModelQueryMapping.ColumnOf(choice.Sort);
            Assert.Equal(choice.Sort, ModelQueryMapping.SortOf(column, descending));
        });
        Assert.Equal(6, ModelQueryMapping.SortChoices.Select(c => c.Sort).Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bogus")]
    public void An_unknown_sort_is_the_default_order(string? sort) =>
        Assert.Equal((ModelQueryMapping.AnalyzedColumn, true), ModelQueryMapping.ColumnOf(sort));
}
