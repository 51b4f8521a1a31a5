using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// The team's review of a model's findings: its status, assignee and dismiss reason, the steps reviewers and owners
/// can take (accept the rename or the findings, as <see cref="Accepts"/> says, dismiss with a reason, reopen, assign,
/// comment) and the audit trail. Viewers see it
/// read-only. Each step goes to <see cref="TakeStep"/> with the revision shown, so it is taken only on the review the
/// user saw. The review holds only its latest steps; "Older steps" loads earlier ones through <see cref="LoadOlder"/>,
/// a page at a time, until the first step is shown.
/// </summary>
public partial class ReviewPanel
{
    /// <summary>The steps "Older steps" asks for at a time.</summary>
    public const int OlderStepsPageSize = ReviewHistoryPage.DefaultTake;

    private IReadOnlyList<ReviewEvent> _trail = [];
    private ReviewState? _trailOf;
    private bool _loadingOlder;
    private bool _noMoreOlder;
    private string? _comment;
    private string? _dismissReason;
    private string? _assignee;
    private bool _dismissing;
    private bool _dismissTried;
    private bool _busy;

    /// <summary>The review; null while loading.</summary>
    [Parameter]
    public ReviewState? Review { get; set; }

    /// <summary>The organization's members, to assign the review to; null while loading.</summary>
    [Parameter]
    public IReadOnlyList<Member>? Members { get; set; }

    /// <summary>The signed-in user ("Assign to me").</summary>
    [Parameter]
    public string? CurrentUserId { get; set; }

    /// <summary>
    /// What accepting the review takes (<see cref="ReviewAcceptances.Of(ModelView)"/>): the rename, the findings when the
    /// name already fits, or nothing, when no accept is offered: accepting a rename to the name the model already has
    /// would change nothing.
    /// </summary>
    [Parameter, EditorRequired]
    public ReviewAcceptance Accepts { get; set; }

    /// <summary>Whether the user may take review steps (reviewers and owners).</summary>
    [Parameter]
    public bool CanReview { get; set; }

    /// <summary>Why the review shown is not the one the user acted on (someone changed it meanwhile), or null.</summary>
    [Parameter]
    public string? StaleWarning { get; set; }

    /// <summary>
    /// Takes a step; true when it was taken (the panel then clears what was typed for it), false when it was not (the
    /// text stays, to send again). The page shows the review as it is afterwards.
    /// </summary>
    [Parameter, EditorRequired]
    public Func<ReviewStep, Task<bool>> TakeStep { get; set; } = default!;

    /// <summary>
    /// Loads the review steps numbered below the first argument, at most the second argument of them (a
    /// <see cref="IModelGrain.GetReviewHistoryAsync"/> page), or null when there are none to load (the model is gone).
    /// Without it the panel shows only the steps <see cref="Review"/> holds.
    /// </summary>
    [Parameter]
    public Func<long, int, Task<ReviewHistoryPage?>>? LoadOlder { get; set; }

    /// <summary>The longest comment or reason a step may carry.</summary>
    public static int MaxTextLength => ReviewActions.MaxTextLength;

    /// <summary>How many steps came before the oldest one shown.</summary>
    private long OlderCount => ReviewTrail.OlderCount(_trail);

    private bool IsDecided => Review?.Status is ReviewActions.Accepted or ReviewActions.Dismissed;

    // Only those who can act on a review are offered: a viewer assigned to it could not take a step.
    private IEnumerable<Member> Assignable =>
        (Members ?? []).Where(m => m.Role >= OrgRole.Reviewer).OrderBy(m => m.UserId, StringComparer.OrdinalIgnoreCase);

    private string? CommentError => TooLongError(_comment);

    private bool CanComment => !_busy && !string.IsNullOrWhiteSpace(_comment) && CommentError is null;

    // Blank is an error only once the user tried to dismiss: an empty box that was just opened is no mistake yet.
    private string? DismissError => _dismissTried && string.IsNullOrWhiteSpace(_dismissReason)
        ? "Give the reason for dismissing the finding."
        : TooLongError(_dismissReason);

    private static string? TooLongError(string? text) => text is { Length: > ReviewActions.MaxTextLength }
        ? string.Create(CultureInfo.InvariantCulture, $"Use at most {ReviewActions.MaxTextLength:N0} characters; this has {text.Length:N0}.")
        : null;

    protected override void OnParametersSet()
    {
        // Every read of the model brings a new review; the older steps already loaded stay shown before its latest ones.
        if (!ReferenceEquals(Review, _trailOf))
        {
            _trailOf = Review;
            _trail = ReviewTrail.WithLatest(_trail, Review?.Events ?? []);
            _noMoreOlder = false;
        }
    }

    private async Task LoadOlderAsync()
    {
        if (_loadingOlder || LoadOlder is null || OlderCount == 0)
        {
            return;
        }

        _loadingOlder = true;
        try
        {
            var oldest = _trail[0].Sequence;
            var page = await LoadOlder(oldest, OlderStepsPageSize);
            _trail = page is null ? _trail : ReviewTrail.WithOlder(_trail, page.Events);

            // A page that brought nothing earlier (the model gone, its archive being deleted) is not asked for again.
            _noMoreOlder = _trail[0].Sequence >= oldest;
        }
        finally
        {
            _loadingOlder = false;
        }
    }

    private void StartDismissing()
    {
        _dismissing = true;
        _dismissTried = false;
    }

    private void StopDismissing()
    {
        _dismissing = false;
        _dismissTried = false;
    }

    private Task AcceptAsync() => StepAsync(new ReviewAction(ReviewActions.Accept));

    private Task ReopenAsync() => StepAsync(new ReviewAction(ReviewActions.Reopen));

    private Task AssignToMeAsync() => StepAsync(new ReviewAction(ReviewActions.Assign, Assignee: CurrentUserId));

    private async Task AssignAsync()
    {
        if (_assignee is { } assignee && await StepAsync(new ReviewAction(ReviewActions.Assign, Assignee: assignee)))
        {
            _assignee = null;
        }
    }

    private async Task CommentAsync()
    {
        if (CanComment && await StepAsync(new ReviewAction(ReviewActions.Comment, Text: _comment!.Trim())))
        {
            _comment = null;
        }
    }

    private async Task DismissAsync()
    {
        _dismissTried = true;
        if (DismissError is not null)
        {
            return;
        }

        if (await StepAsync(new ReviewAction(ReviewActions.Dismiss, Text: _dismissReason!.Trim())))
        {
            _dismissReason = null;
            StopDismissing();
        }
    }

    private async Task<bool> StepAsync(ReviewAction action)
    {
        if (_busy || Review is not { } seen)
        {
            return false;
        }

        _busy = true;
        try
        {
            return await TakeStep(new ReviewStep(action, seen.Revision));
        }
        finally
        {
            _busy = false;
        }
    }
}
