using MudBlazor;

namespace Dara.Cloud.Portal.Components.Grid;

/// <summary>The models grid's state (page, page size, sort column) and filters as the API's <see cref="ModelQuery"/>.</summary>
public static class ModelQueryMapping
{
    /// <summary>The sortable columns, by the property each shows (MudDataGrid names sort definitions after it).</summary>
    public const string NameColumn = nameof(ModelSummary.RepoId);
    public const string ScoreColumn = nameof(ModelSummary.Score);
    public const string AnalyzedColumn = nameof(ModelSummary.AnalyzedAt);

    /// <summary>The order when no column is sorted: newest analyses first.</summary>
    public const string DefaultSort = "-analyzed";

    /// <summary>A query for the grid's <paramref name="state"/> (0-based page) under <paramref name="filters"/>.</summary>
    public static ModelQuery ToQuery(GridState<ModelSummary> state, ModelFilters filters)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sort = state.SortDefinitions.OrderBy(s => s.Index).FirstOrDefault();
        return ToQuery(filters, state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? false);
    }

    /// <summary>A query for a 0-based <paramref name="page"/>, sorted by the column showing <paramref name="sortBy"/>.</summary>
    public static ModelQuery ToQuery(ModelFilters filters, int page, int pageSize, string? sortBy, bool descending)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var normalised = filters.Normalised();
        return new ModelQuery(
            Verdict: normalised.Verdict,
            Finding: normalised.Finding,
            Text: normalised.Text,
            Author: normalised.Author,
            MinScore: normalised.MinScore,
            MaxScore: normalised.MaxScore,
            Sort: SortOf(sortBy, descending),
            Page: Math.Max(0, page) + 1,
            PageSize: Math.Max(1, pageSize),
            ReviewStatus: normalised.Review,
            Assignee: normalised.Assignee);
    }

    /// <summary>
    /// The orders a person can pick where the grid shows no column headers (on a phone, the grid's cards), with what each
    /// means in words; the first is the default.
    /// </summary>
    public static IReadOnlyList<(string Sort, string Label)> SortChoices { get; } =
    [
        (DefaultSort, "Newest analysis first"),
        ("analyzed", "Oldest analysis first"),
        ("score", "Lowest score first"),
        ("-score", "Highest score first"),
        ("name", "Name, A to Z"),
        ("-name", "Name, Z to A"),
    ];

    /// <summary>What <paramref name="sort"/> means in words ("Highest score first"); the sort itself when it is none of <see cref="SortChoices"/>.</summary>
    public static string? LabelOfSort(string? sort) =>
        SortChoices.FirstOrDefault(choice => choice.Sort == sort) is { Label: { } label } ? label : sort;

    /// <summary>The column showing what <paramref name="sort"/> orders by, and whether downwards; the default for an unknown sort.</summary>
    public static (string Column, bool Descending) ColumnOf(string? sort)
    {
        var descending = sort?.StartsWith('-') ?? true;
        return (sort?.TrimStart('-')) switch
        {
            "name" => (NameColumn, descending),
            "score" => (ScoreColumn, descending),
            "analyzed" => (AnalyzedColumn, descending),
            _ => (AnalyzedColumn, true),
        };
    }

    /// <summary>score, -score, name, -name, analyzed, -analyzed; <see cref="DefaultSort"/> for no or an unknown column.</summary>
    public static string SortOf(string? sortBy, bool descending)
    {
        var key = sortBy switch
        {
            NameColumn => "name",
            ScoreColumn => "score",
            AnalyzedColumn => "analyzed",
            _ => null,
        };
        return key is null ? DefaultSort : descending ? "-" + key : key;
    }
}
