using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>
/// A review's status as an outlined chip with an icon (open, assigned, accepted, dismissed), outlined so it does not
/// read as a verdict next to one.
/// </summary>
public partial class ReviewStatusChip
{
    /// <summary>open, assigned, accepted or dismissed.</summary>
    [Parameter, EditorRequired]
    public string Status { get; set; } = ReviewActions.Open;

    [Parameter]
    public Size Size { get; set; } = Size.Small;
}
