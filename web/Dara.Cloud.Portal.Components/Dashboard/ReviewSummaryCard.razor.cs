using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>
/// The review work waiting in an organization: flagged models (misnamed or suspicious) whose review nobody has taken
/// up, reviews assigned, and reviews assigned to the signed-in user, each a link to the models list filtered so (a
/// count of zero is no link). An ok model's review is open too, but has nothing to decide, so it is not counted.
/// </summary>
public partial class ReviewSummaryCard
{
    /// <summary>Models by review status (<see cref="OrgStats.ByReview"/>); null while they load.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, int>? ByReview { get; set; }

    /// <summary>Flagged models (misnamed or suspicious) whose review is open.</summary>
    [Parameter]
    public int OpenFlagged { get; set; }

    /// <summary>Models whose review is assigned to the signed-in user.</summary>
    [Parameter]
    public int AssignedToMe { get; set; }

    /// <summary>The organization's models list (<c>/orgs/acme/models</c>); the filters are added as its query.</summary>
    [Parameter, EditorRequired]
    public string ModelsHref { get; set; } = string.Empty;

    private int Waiting => OpenFlagged + Count(ReviewActions.Assigned);

    private IEnumerable<Row> Rows =>
    [
        new("open", "flagged, waiting for review", OpenFlagged, $"{ModelsHref}?review={ReviewActions.Open}&verdict={ModelQuery.Flagged}"),
        new("assigned", "assigned", Count(ReviewActions.Assigned), $"{ModelsHref}?review={ReviewActions.Assigned}"),
        new("mine", "assigned to me", AssignedToMe, $"{ModelsHref}?review={ReviewActions.Assigned}&assignee=me"),
    ];

    private int Count(string status) => ByReview?.GetValueOrDefault(status) ?? 0;

    private static string Format(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record Row(string Key, string Label, int Count, string Href);
}
