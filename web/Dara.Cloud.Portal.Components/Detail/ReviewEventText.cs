namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>One step of a review's audit trail in words: who did it and what they did; the text it carried apart.</summary>
public static class ReviewEventText
{
    /// <summary>The name shown for steps the service took itself.</summary>
    public const string SystemName = "Dara.Cloud";

    public static string WhoOf(ReviewEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.UserId == ReviewActions.SystemUser ? SystemName : step.UserId;
    }

    /// <summary>"assigned it to bob@example.com", "dismissed it": what the step did.</summary>
    public static string WhatOf(ReviewEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Action switch
        {
            ReviewActions.Assign => $"assigned it to {step.Detail}",
            ReviewActions.Comment => "commented",
            // The step does not record whether the verdict suggested a rename then (a model whose name already fits has
            // its findings accepted), so the history says what is true of both.
            ReviewActions.Accept => "accepted the findings",
            ReviewActions.Dismiss => "dismissed it",
            ReviewActions.Reopen => "reopened it",
            _ => step.Action,
        };
    }

    /// <summary>The comment, the reason or the note the step carried; null for an assignment (its detail is the assignee).</summary>
    public static string? TextOf(ReviewEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Action == ReviewActions.Assign || string.IsNullOrWhiteSpace(step.Detail) ? null : step.Detail;
    }
}
