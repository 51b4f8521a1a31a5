using Dara.Cloud.Portal.Components.Detail;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

public sealed class ReviewPanelTests : ComponentTest
{
    private const string Ann = "ann@acme.example";
    private const string Bob = "bob@acme.example";

    private static readonly IReadOnlyList<Member> Members =
    [
        new(Bob, OrgRole.Reviewer, Samples.Now.AddDays(-10)),
        new("vic@acme.example", OrgRole.Viewer, Samples.Now.AddDays(-5)),
        new(Ann, OrgRole.Owner, Samples.Now.AddDays(-100)),
    ];

    private static readonly ReviewState Assigned = new(
        ReviewActions.Assigned,
        Bob,
        null,
        [
            new(Samples.Now.AddHours(-3), Ann, ReviewActions.Assign, Bob),
            new(Samples.Now.AddHours(-2), Bob, ReviewActions.Comment, "It is a RoBERTa; the rename is right."),
        ],
        Revision: 2);

    private static readonly ReviewState Dismissed = Assigned with
    {
        Status = ReviewActions.Dismissed,
        DismissReason = "The name is the product's, on purpose.",
        Events = [.. Assigned.Events, new(Samples.Now.AddHours(-1), Ann, ReviewActions.Dismiss, "The name is the product's, on purpose.")],
        Revision = 3,
    };

    private readonly List<ReviewStep> _steps = [];

    [Fact]
    public void Reviewers_can_accept_dismiss_assign_and_comment_on_an_undecided_review()
    {
        var panel = RenderPanel(Assigned);

        Assert.Equal(["Accept the rename", "Dismiss…", "Assign to me"], panel.FindAll(".dara-review-actions button").Select(b => b.TextContent.Trim()));
        Assert.NotNull(panel.Find(".dara-review-assign-form"));
        Assert.NotNull(panel.Find(".dara-review-comment-form"));
        Assert.Empty(panel.FindAll(".dara-review-read-only"));
        Assert.Contains("dara-review-status-assigned", panel.Find(".dara-review-status").ClassList);
        Assert.Equal($"Assigned to {Bob}", panel.Find(".dara-review-assignee").TextContent.Trim());
    }

    [Fact]
    public void A_model_whose_name_already_fits_and_whose_verdict_flags_nothing_is_offered_no_accept()
    {
        var panel = RenderPanel(ReviewState.Open, accepts: ReviewAcceptance.Nothing);

        Assert.Empty(panel.FindAll(".dara-review-accept"));
        Assert.Equal(["Dismiss…", "Assign to me"], panel.FindAll(".dara-review-actions button").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void A_flagged_model_whose_name_already_fits_is_offered_to_accept_the_findings_not_a_rename()
    {
        var panel = RenderPanel(Assigned, accepts: ReviewAcceptance.Findings);

        Assert.Equal(["Accept the findings", "Dismiss…", "Assign to me"], panel.FindAll(".dara-review-actions button").Select(b => b.TextContent.Trim()));
        Assert.DoesNotContain("rename", panel.Find(".dara-review-actions").TextContent, StringComparison.OrdinalIgnoreCase);

        panel.Find(".dara-review-accept").Click();

        panel.WaitForAssertion(() => Assert.Equal([new ReviewStep(new ReviewAction(ReviewActions.Accept), 2)], _steps));
    }

    [Fact]
    public void The_history_says_an_accept_took_the_findings_whether_or_not_it_renamed()
    {
        var accepted = Assigned with
        {
            Status = ReviewActions.Accepted,
            Events = [.. Assigned.Events, new(Samples.Now, Bob, ReviewActions.Accept, null)],
            Revision = 3,
        };

        var panel = RenderPanel(accepted);

        Assert.Equal("accepted the findings", panel.Find(".dara-review-event .dara-review-event-what").TextContent.Trim());
        Assert.Empty(panel.FindAll(".dara-review-accept"));
    }

    [Fact]
    public void Viewers_see_the_review_and_its_history_with_no_step_to_take()
    {
        var panel = RenderPanel(Dismissed, canReview: false);

        Assert.Empty(panel.FindAll("button"));
        Assert.Empty(panel.FindAll("textarea, input"));
        Assert.NotNull(panel.Find(".dara-review-read-only"));
        Assert.Contains("The name is the product's, on purpose.", panel.Find(".dara-review-dismiss-reason").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, panel.FindAll(".dara-review-event").Count);
    }

    [Fact]
    public void A_decided_review_offers_to_reopen_it_and_no_longer_to_assign_it()
    {
        var panel = RenderPanel(Dismissed);

        Assert.Equal(["Accept the rename", "Reopen"], panel.FindAll(".dara-review-actions button").Select(b => b.TextContent.Trim()));
        Assert.Empty(panel.FindAll(".dara-review-assign-form"));

        panel.Find(".dara-review-reopen").Click();

        panel.WaitForAssertion(() => Assert.Equal([new ReviewStep(new ReviewAction(ReviewActions.Reopen), 3)], _steps));
    }

    [Fact]
    public void Dismissing_needs_a_reason_and_sends_it_with_the_revision_seen()
    {
        var panel = RenderPanel(Assigned);
        panel.Find(".dara-review-dismiss").Click();
        Assert.Empty(panel.FindAll(".dara-review-dismiss-form .mud-input-error"));

        panel.Find(".dara-review-dismiss-confirm").Click();

        Assert.Contains("Give the reason for dismissing the finding.", panel.Find(".dara-review-dismiss-form").TextContent, StringComparison.Ordinal);
        Assert.Empty(_steps);

        panel.Find(".dara-review-dismiss-reason-input textarea").Input("  A false positive: the config is a fork's.  ");
        panel.Find(".dara-review-dismiss-confirm").Click();

        panel.WaitForAssertion(() => Assert.Equal(
            [new ReviewStep(new ReviewAction(ReviewActions.Dismiss, Text: "A false positive: the config is a fork's."), 2)], _steps));
        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll(".dara-review-dismiss-form")));
    }

    [Fact]
    public void A_comment_over_the_limit_is_explained_and_cannot_be_sent()
    {
        var panel = RenderPanel(Assigned);

        panel.Find(".dara-review-comment-input textarea").Input(new string('x', ReviewActions.MaxTextLength + 1));

        Assert.Contains("Use at most 2,000 characters; this has 2,001.", panel.Find(".dara-review-comment-form").TextContent, StringComparison.Ordinal);
        Assert.True(panel.Find(".dara-review-comment").HasAttribute("disabled"));

        panel.Find(".dara-review-comment-input textarea").Input(new string('x', ReviewActions.MaxTextLength));
        Assert.False(panel.Find(".dara-review-comment").HasAttribute("disabled"));
    }

    [Fact]
    public void A_step_on_a_review_changed_meanwhile_shows_the_current_review_says_so_and_keeps_the_text()
    {
        var current = Dismissed;
        var panel = RenderPanel(Assigned, take: step =>
        {
            _steps.Add(step);
            return Task.FromResult(step.SeenRevision == current.Revision);
        });
        panel.Find(".dara-review-comment-input textarea").Input("Agreed, rename it.");

        panel.Find(".dara-review-comment").Click();
        panel.WaitForAssertion(() => Assert.Single(_steps));

        // What the model page does with a stale step: it shows the review as it is now, and why.
        panel.Render(p => p.Add(c => c.Review, current).Add(c => c.StaleWarning, "The review was changed by someone else meanwhile."));

        Assert.Equal("The review was changed by someone else meanwhile.", panel.Find(".dara-review-stale").TextContent.Trim());
        Assert.Contains("dara-review-status-dismissed", panel.Find(".dara-review-status").ClassList);
        Assert.Equal("Agreed, rename it.", panel.Find(".dara-review-comment-input textarea").GetAttribute("value") ?? panel.Find(".dara-review-comment-input textarea").TextContent);

        panel.Find(".dara-review-comment").Click();

        panel.WaitForAssertion(() => Assert.Equal([2L, 3L], _steps.Select(s => s.SeenRevision)));
        panel.WaitForAssertion(() => Assert.True(panel.Find(".dara-review-comment").HasAttribute("disabled")));
    }

    [Fact]
    public void The_timeline_says_who_did_what_and_when_with_the_text_newest_first()
    {
        var reopened = Dismissed with
        {
            Status = ReviewActions.Open,
            Events = [.. Dismissed.Events, new(Samples.Now, ReviewActions.SystemUser, ReviewActions.Reopen, "the findings changed")],
        };

        var events = RenderPanel(reopened).FindAll(".dara-review-event");

        Assert.Equal(
            ["Dara.Cloud reopened it", $"{Ann} dismissed it", $"{Bob} commented", $"{Ann} assigned it to {Bob}"],
            events.Select(e => $"{e.QuerySelector(".dara-review-event-who")!.TextContent.Trim()} {e.QuerySelector(".dara-review-event-what")!.TextContent.Trim()}"));
        Assert.Equal(
            ["the findings changed", "The name is the product's, on purpose.", "It is a RoBERTa; the rename is right.", null],
            events.Select(e => e.QuerySelector(".dara-review-event-text")?.TextContent));
        Assert.Equal("2025-06-01 11:00 UTC", events[1].QuerySelector(".dara-review-event-at")!.TextContent.Trim());
    }

    [Fact]
    public void Assigning_offers_the_reviewers_and_owners_and_sends_the_one_picked()
    {
        var popovers = Context.Render<MudPopoverProvider>();
        var panel = RenderPanel(ReviewState.Open);

        panel.Find(".mud-input-control.dara-review-assignee-select").MouseDown();
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-list-item")));
        Assert.Equal([Ann, Bob], popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()));
        popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == Bob).Click();
        panel.WaitForAssertion(() => Assert.False(panel.Find(".dara-review-assign").HasAttribute("disabled")));
        panel.Find(".dara-review-assign").Click();
        panel.WaitForAssertion(() => Assert.Single(_steps));
        panel.Find(".dara-review-assign-me").Click();

        panel.WaitForAssertion(() => Assert.Equal(
            [new ReviewStep(new ReviewAction(ReviewActions.Assign, Assignee: Bob), 0), new ReviewStep(new ReviewAction(ReviewActions.Assign, Assignee: Ann), 0)],
            _steps));
    }

    private IRenderedComponent<ReviewPanel> RenderPanel(
        ReviewState review, bool canReview = true, Func<ReviewStep, Task<bool>>? take = null, ReviewAcceptance accepts = ReviewAcceptance.Rename) =>
        Context.Render<ReviewPanel>(p => p
            .Add(c => c.Review, review)
            .Add(c => c.Accepts, accepts)
            .Add(c => c.Members, Members)
            .Add(c => c.CurrentUserId, Ann)
            .Add(c => c.CanReview, canReview)
            .Add(c => c.TakeStep, take ?? (step =>
            {
                _steps.Add(step);
                return Task.FromResult(true);
            })));
}
