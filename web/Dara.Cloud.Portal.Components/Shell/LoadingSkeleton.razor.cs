using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>A placeholder in the shape of the content that is loading (text, card, chart, list, table).</summary>
public partial class LoadingSkeleton
{
    [Parameter]
    public SkeletonKind Kind { get; set; } = SkeletonKind.Text;

    /// <summary>Lines or rows shown (text, card, list, table).</summary>
    [Parameter]
    public int Rows { get; set; } = 3;

    /// <summary>CSS height of a chart placeholder.</summary>
    [Parameter]
    public string Height { get; set; } = "240px";

    /// <summary>What is loading, for screen readers.</summary>
    [Parameter]
    public string Label { get; set; } = "Loading";
}
