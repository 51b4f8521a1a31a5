using Dara.Cloud.Portal.Components.Detail;

namespace Dara.Cloud.Portal.Api.Models;

/// <summary>The review steps and what each needs, for the API and the model page alike.</summary>
internal static class Reviews
{
    public const int MaxTextLength = ReviewActions.MaxTextLength;

    private static readonly string[] Actions = [ReviewActions.Assign, ReviewActions.Comment, ReviewActions.Accept, ReviewActions.Dismiss, ReviewActions.Reopen];

    public static Dictionary<string, string[]> Validate(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var action = request.Action?.ToLowerInvariant();
        if (action is null || !Actions.Contains(action))
        {
            errors["action"] = [$"Use one of: {string.Join(", ", Actions)}."];
        }

        if (action == ReviewActions.Assign && string.IsNullOrWhiteSpace(request.Assignee))
        {
            errors["assignee"] = ["Say whom to assign the finding to."];
        }

        if (action is ReviewActions.Comment or ReviewActions.Dismiss && string.IsNullOrWhiteSpace(request.Text))
        {
            errors["text"] = [action == ReviewActions.Dismiss ? "Give the reason for dismissing it." : "Write the comment."];
        }

        if (request.Text is { Length: > MaxTextLength })
        {
            errors["text"] = [$"Use at most {MaxTextLength} characters."];
        }

        if (request.Assignee is { Length: > ReviewActions.MaxAssigneeLength })
        {
            errors["assignee"] = [$"Use at most {ReviewActions.MaxAssigneeLength} characters."];
        }

        return errors;
    }

    /// <summary>
    /// The page of review history <paramref name="query"/> asks for (<c>before</c> a step number of 1 or more, or the
    /// newest steps; <c>take</c> 1-<see cref="ReviewHistoryPage.MaxTake"/>), or what is wrong with it.
    /// </summary>
    public static (long? Before, int Take, Dictionary<string, string[]> Errors) ParseHistory(ReviewHistoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>();
        var before = QueryNumbers.Read(query.Before, 1, long.MaxValue, "before",
            "Give the number of a review step (1 or more): the page holds the steps before it.", errors);
        var take = QueryNumbers.Read(query.Take, 1, ReviewHistoryPage.MaxTake, "take", $"Take 1-{ReviewHistoryPage.MaxTake} steps.", errors);
        return (before, (int?)take ?? ReviewHistoryPage.DefaultTake, errors);
    }

    /// <summary>The step a valid request asks for: the action in lower case, the assignee as memberships key it, the text trimmed.</summary>
    public static ReviewAction ToAction(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ReviewAction(request.Action!.ToLowerInvariant(), request.Assignee?.Trim().ToLowerInvariant(), request.Text?.Trim());
    }

    /// <summary>
    /// Why <paramref name="action"/> cannot be taken on <paramref name="model"/> as its current verdict stands, or null:
    /// an accept when there is nothing to accept (the name already fits and the verdict flags nothing), which would
    /// record a decision that changes nothing. Checked on the model as read just before the step; the review's revision
    /// (If-Match) guards the review, not the verdict, so a re-analysis in between is not caught, and harmless.
    /// </summary>
    public static string? StepProblem(ModelView model, ReviewAction action)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(action);
        return action.Action == ReviewActions.Accept ? ReviewAcceptances.AcceptProblem(model) : null;
    }

    /// <summary>Why <paramref name="action"/>'s assignee cannot have the review (no member of the organization), or null.</summary>
    public static async Task<string?> AssigneeProblemAsync(IOrganizationGrain organization, ReviewAction action)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(action);
        return action.Assignee is { } assignee && await organization.GetRoleAsync(assignee) is null
            ? $"{assignee} is not a member of the organization: assign reviews to members."
            : null;
    }
}
