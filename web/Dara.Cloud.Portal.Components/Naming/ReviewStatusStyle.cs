using MudBlazor;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>How a review's status looks everywhere in the portal: colour, icon, label.</summary>
public static class ReviewStatusStyle
{
    /// <summary>The statuses in the order filters show them (the order a review usually moves through them).</summary>
    public static IReadOnlyList<string> All => ReviewActions.Statuses;

    public static Color ColorOf(string? status) => status switch
    {
        ReviewActions.Assigned => Color.Info,
        ReviewActions.Accepted => Color.Success,
        ReviewActions.Dismissed => Color.Secondary,
        _ => Color.Default,
    };

    public static string IconOf(string? status) => status switch
    {
        ReviewActions.Assigned => Icons.Material.Filled.AssignmentInd,
        ReviewActions.Accepted => Icons.Material.Filled.TaskAlt,
        ReviewActions.Dismissed => Icons.Material.Filled.DoNotDisturbOn,
        _ => Icons.Material.Outlined.Inbox,
    };

    /// <summary>"Dismissed": the status capitalised for people.</summary>
    public static string LabelOf(string? status) => VerdictStyle.LabelOf(status);
}
