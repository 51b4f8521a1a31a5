namespace Dara.Cloud.Grains.Models;

/// <summary>
/// The review of a model's findings as a small state machine: open → assigned → accepted (the rename is taken, or the
/// findings when the name already fits: the portal and the API refuse an accept with neither) or
/// dismissed (with a reason) → reopened. Every step is an audit event, numbered 1, 2, 3, … and never dropped: the
/// model grain moves older steps to its archive (<see cref="ReviewArchive"/>) rather than forgetting them.
/// </summary>
internal static class ReviewWorkflow
{
    public const string SystemUser = ReviewActions.SystemUser;

    public static ReviewState Apply(ReviewState review, string userId, ReviewAction action, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(action);

        // The API and the portal refuse longer text before calling; checked here too, so no caller grows the stored trail past it.
        if (action.Text is { Length: > ReviewActions.MaxTextLength } || action.Assignee is { Length: > ReviewActions.MaxAssigneeLength })
        {
            throw new ArgumentException(
                $"A review step takes at most {ReviewActions.MaxTextLength} characters of text and {ReviewActions.MaxAssigneeLength} of assignee.");
        }

        return action.Action switch
        {
            ReviewActions.Assign when !string.IsNullOrWhiteSpace(action.Assignee) =>
                With(review with { Status = ReviewActions.Assigned, Assignee = action.Assignee }, new ReviewEvent(at, userId, ReviewActions.Assign, action.Assignee)),
            ReviewActions.Assign => throw new ArgumentException("Assigning a review needs an assignee."),
            ReviewActions.Comment when !string.IsNullOrWhiteSpace(action.Text) =>
                With(review, new ReviewEvent(at, userId, ReviewActions.Comment, action.Text)),
            ReviewActions.Comment => throw new ArgumentException("A comment needs text."),
            ReviewActions.Accept =>
                With(review with { Status = ReviewActions.Accepted, DismissReason = null }, new ReviewEvent(at, userId, ReviewActions.Accept, action.Text)),
            ReviewActions.Dismiss when !string.IsNullOrWhiteSpace(action.Text) =>
                With(review with { Status = ReviewActions.Dismissed, DismissReason = action.Text }, new ReviewEvent(at, userId, ReviewActions.Dismiss, action.Text)),
            ReviewActions.Dismiss => throw new ArgumentException("Dismissing findings needs a reason."),
            ReviewActions.Reopen =>
                With(review with { Status = ReviewActions.Open, DismissReason = null }, new ReviewEvent(at, userId, ReviewActions.Reopen, action.Text)),
            _ => throw new ArgumentException($"'{action.Action}' is not a review action: use assign, comment, accept, dismiss or reopen."),
        };
    }

    /// <summary>
    /// A new verdict with other findings than the one that was accepted or dismissed opens the review again: the team
    /// decided about findings that are no longer the ones shown.
    /// </summary>
    public static ReviewState OnNewVerdict(ReviewState review, VerdictRecord? previous, VerdictRecord current, DateTimeOffset at)
    {
        if (previous is null || review.Status is not (ReviewActions.Accepted or ReviewActions.Dismissed)
            || previous.FindingCodes.Order(StringComparer.Ordinal).SequenceEqual(current.FindingCodes.Order(StringComparer.Ordinal)))
        {
            return review;
        }

        return With(review with { Status = ReviewActions.Open, DismissReason = null }, new ReviewEvent(at, SystemUser, ReviewActions.Reopen, "the findings changed"));
    }

    /// <summary>
    /// The review with its steps numbered: a review stored before steps had numbers (every <see cref="ReviewEvent.Sequence"/>
    /// 0) gets 1, 2, 3, … in the order it kept them. Any steps it had already dropped are gone; the ones it kept are
    /// numbered from 1, so the history still reads without gaps.
    /// </summary>
    public static ReviewState Numbered(ReviewState review) =>
        review.Events.Count == 0 || review.Events.All(step => step.Sequence > 0)
            ? review
            : review with { Events = [.. review.Events.Select((step, index) => step with { Sequence = index + 1 })] };

    // Every step adds an event, so this is where the review's revision moves on and the step gets its number. The model
    // keeps its newest steps inline (the archive takes only older ones), so the last one here is the newest of all.
    private static ReviewState With(ReviewState review, ReviewEvent added)
    {
        var sequence = (review.Events.Count > 0 ? review.Events[^1].Sequence : 0) + 1;
        return review with { Events = [.. review.Events, added with { Sequence = sequence }], Revision = review.Revision + 1 };
    }
}
