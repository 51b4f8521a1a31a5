using Dara.Cloud.Portal.Components.Naming;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>A review's audit trail, newest first: who, when, what, and the comment or reason a step carried.</summary>
public partial class ReviewTimeline
{
    private IReadOnlyList<ReviewEvent> _steps = [];

    /// <summary>The review's events, oldest first, as the review keeps them.</summary>
    [Parameter]
    public IReadOnlyList<ReviewEvent> Events { get; set; } = [];

    protected override void OnParametersSet() => _steps = Events.Reverse().ToList();

    private static Color ColorOf(string action) => action switch
    {
        ReviewActions.Accept => ReviewStatusStyle.ColorOf(ReviewActions.Accepted),
        ReviewActions.Dismiss => ReviewStatusStyle.ColorOf(ReviewActions.Dismissed),
        ReviewActions.Assign => ReviewStatusStyle.ColorOf(ReviewActions.Assigned),
        _ => Color.Default,
    };
}
