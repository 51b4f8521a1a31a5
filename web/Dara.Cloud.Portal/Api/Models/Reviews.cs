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

        if (request.Text is { Length: > MaxTextLength } || request.Assignee is { Length: > ReviewActions.MaxAssigneeLength })
        {
            errors["text"] = [$"Use at most {MaxTextLength} characters."];
        }

        return errors;
    }

    /// <summary>The step a valid request asks for: the action in lower case, the assignee as memberships key it, the text trimmed.</summary>
    public static ReviewAction ToAction(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ReviewAction(request.Action!.ToLowerInvariant(), request.Assignee?.Trim().ToLowerInvariant(), request.Text?.Trim());
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
