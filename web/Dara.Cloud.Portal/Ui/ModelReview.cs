using Dara.Cloud.Portal.Api.Models;
using Dara.Cloud.Portal.Components.Detail;

namespace Dara.Cloud.Portal.Ui;

/// <summary>What became of a review step taken from a model page.</summary>
public enum ReviewStepResult
{
    /// <summary>The step was taken; the outcome's model has it.</summary>
    Taken,

    /// <summary>Someone changed the review after the page showed it: nothing changed; the outcome's model is as it is now.</summary>
    Stale,

    /// <summary>
    /// The step was not valid (no reason to dismiss, text too long, an assignee who is no member, an accept with nothing
    /// to accept); nothing changed.
    /// </summary>
    Refused,

    /// <summary>The model is no longer in the organization (deleted since the page loaded it).</summary>
    ModelGone,
}

/// <summary>A review step's result, the model afterwards (taken or stale), and why it was refused.</summary>
public sealed record ReviewStepOutcome(ReviewStepResult Result, ModelView? Model = null, string? Problem = null);

/// <summary>
/// Review steps from a model page: checked as the API checks them, and taken only on the review revision the page
/// showed, so a reviewer's dismissal cannot silently undo an acceptance someone made while the page was open.
/// </summary>
public static class ModelReview
{
    public const string StaleWarning =
        "Someone else changed this review meanwhile, so your step was not taken. The review is shown as it is now: take your step again if it still applies.";

    /// <summary>
    /// Takes <paramref name="action"/> on <paramref name="repoId"/>'s review as the scope's user, if the review is still
    /// at <paramref name="seenRevision"/>.
    /// </summary>
    public static async Task<ReviewStepOutcome> TakeAsync(OrgScope scope, string repoId, ReviewAction action, long seenRevision)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(action);
        var request = new ReviewRequest(action.Action, action.Assignee, action.Text);
        if (Reviews.Validate(request) is { Count: > 0 } errors)
        {
            return new(ReviewStepResult.Refused, Problem: string.Join(" ", errors.Values.SelectMany(messages => messages)));
        }

        var step = Reviews.ToAction(request);
        if (await scope.OrganizationAsync(organization => Reviews.AssigneeProblemAsync(organization, step)) is { } problem)
        {
            return new(ReviewStepResult.Refused, Problem: problem);
        }

        var (_, outcome) = await scope.ModelAsync(repoId, model => TakeAsync(model, scope.UserId, step, seenRevision));
        return outcome ?? new(ReviewStepResult.ModelGone);
    }

    /// <summary>
    /// The page of <paramref name="repoId"/>'s review steps numbered below <paramref name="before"/>, at most
    /// <paramref name="take"/> of them, for any member (reading the history needs no reviewer role); null when the model
    /// is gone or the id is no model's.
    /// </summary>
    public static async Task<ReviewHistoryPage?> OlderStepsAsync(OrgScope scope, string repoId, long before, int take)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (_, page) = await scope.ModelAsync(repoId, model => model.GetReviewHistoryAsync(before, take));
        return page;
    }

    /// <summary>What the page tells the user once a step was taken: "You dismissed it.", said as its history says it.</summary>
    public static string Confirmation(ModelView reviewed)
    {
        ArgumentNullException.ThrowIfNull(reviewed);
        return $"You {ReviewEventText.WhatOf(reviewed.Review.Events[^1])}.";
    }

    private static async Task<ReviewStepOutcome> TakeAsync(IModelGrain model, string userId, ReviewAction step, long seenRevision)
    {
        // A model deleted since the page loaded it is "never submitted" to its grain, which a page would show as a crash.
        if (await model.GetAsync() is not { } current)
        {
            return new(ReviewStepResult.ModelGone);
        }

        // The panel offers no accept with nothing to accept, but a page opened before a re-analysis found the name fits does.
        if (Reviews.StepProblem(current, step) is { } problem)
        {
            return new(ReviewStepResult.Refused, Problem: problem);
        }

        try
        {
            return new(ReviewStepResult.Taken, await model.ReviewAsync(userId, step, IfRevision.Is(seenRevision)));
        }
        catch (StaleRevisionException)
        {
            return await model.GetAsync() is { } now ? new(ReviewStepResult.Stale, now) : new(ReviewStepResult.ModelGone);
        }
        catch (InvalidOperationException)
        {
            // Deleted between the look above and the step.
            if (await model.GetAsync() is null)
            {
                return new(ReviewStepResult.ModelGone);
            }

            throw;
        }
    }
}
