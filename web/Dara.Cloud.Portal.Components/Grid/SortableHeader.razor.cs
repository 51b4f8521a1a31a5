using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Grid;

/// <summary>
/// A sortable column's header in the models grid: its title and a sort button named for what it sorts ("Sort by
/// score"). MudDataGrid names every column's sort button just "Sort", so a screen reader could not tell them apart;
/// the grid's own button is hidden (ModelsGrid.razor.css) and this one takes its place.
/// </summary>
public partial class SortableHeader
{
    /// <summary>The column's title, as shown.</summary>
    [Parameter, EditorRequired]
    public string Title { get; set; } = string.Empty;

    /// <summary>What the column sorts by, in words ("score"), for the button's accessible name.</summary>
    [Parameter, EditorRequired]
    public string SortsBy { get; set; } = string.Empty;

    /// <summary>How the grid is sorted by this column now.</summary>
    [Parameter]
    public SortDirection Direction { get; set; }

    /// <summary>The button's accessible name.</summary>
    public string AccessibleName => $"Sort by {SortsBy}";

    private string Icon => Direction switch
    {
        SortDirection.Ascending => Icons.Material.Filled.ArrowUpward,
        SortDirection.Descending => Icons.Material.Filled.ArrowDownward,
        _ => Icons.Material.Filled.UnfoldMore,
    };

    private string DirectionName => Direction switch
    {
        SortDirection.Ascending => "ascending",
        SortDirection.Descending => "descending",
        _ => "none",
    };
}
