namespace Dara.Cloud.Portal.Api.Models;

/// <summary>The review steps and what each needs.</summary>
internal static class Reviews
{
    public const int MaxTextLength = 2000;

    private static readonly string[] Actions = ["assign", "comment", "accept", "dismiss", "reopen"];

    public static Dictionary<string, string[]> Validate(ReviewRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var action = request.Action?.ToLowerInvariant();
        if (action is null || !Actions.Contains(action))
        {
            errors["action"] = [$"Use one of: {string.Join(", ", Actions)}."];
        }

        if (action == "assign" && string.IsNullOrWhiteSpace(request.Assignee))
        {
            errors["assignee"] = ["Say whom to assign the finding to."];
        }

        if (action is "comment" or "dismiss" && string.IsNullOrWhiteSpace(request.Text))
        {
            errors["text"] = [action == "dismiss" ? "Give the reason for dismissing it." : "Write the comment."];
        }

        if (request.Text is { Length: > MaxTextLength } || request.Assignee is { Length: > 254 })
        {
            errors["text"] = [$"Use at most {MaxTextLength} characters."];
        }

        return errors;
    }
}
