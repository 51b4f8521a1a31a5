using System.Net;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;

namespace Dara.Cloud.Portal.Tests.Ui;

/// <summary>Review steps from a model page, against the embedded silo: taken only on the review the page showed.</summary>
[Collection(PortalCollection.Name)]
public sealed class ModelReviewTests(PortalFactory portal)
{
    private const string Owner = "review-page-owner@example.com";
    private const string Model = "acme/llama-7b";

    [Fact]
    public async Task A_step_on_a_review_changed_meanwhile_changes_nothing_and_brings_back_the_review_as_it_is()
    {
        var scope = await OrganizationWithModelAsync();
        var seen = (await ViewAsync(scope)).Review.Revision;
        var accepted = await ModelReview.TakeAsync(scope, Model, new ReviewAction(ReviewActions.Accept), seen);

        var dismissed = await ModelReview.TakeAsync(scope, Model, new ReviewAction(ReviewActions.Dismiss, Text: "false positive"), seen);

        Assert.Equal(ReviewStepResult.Taken, accepted.Result);
        Assert.Equal("You accepted the findings.", ModelReview.Confirmation(accepted.Model!));
        Assert.Equal(ReviewStepResult.Stale, dismissed.Result);
        Assert.Equal(ReviewActions.Accepted, dismissed.Model!.Review.Status);
        Assert.Equal(accepted.Model!.Review.Revision, dismissed.Model.Review.Revision);
        var stored = await ViewAsync(scope);
        Assert.Equal(ReviewActions.Accepted, stored.Review.Status);
        Assert.DoesNotContain(stored.Review.Events, step => step.Action == ReviewActions.Dismiss);
    }

    [Fact]
    public async Task A_step_on_a_model_deleted_meanwhile_says_it_is_gone()
    {
        var scope = await OrganizationWithModelAsync();
        var seen = (await ViewAsync(scope)).Review.Revision;
        using (var client = portal.As(Owner))
        using (var deleted = await client.DeleteAsync($"/api/orgs/{scope.Tenant.Value}/models/{Model}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        // The grain's "never submitted or registered" used to be what a page would have shown, as a crash.
        var outcome = await ModelReview.TakeAsync(scope, Model, new ReviewAction(ReviewActions.Comment, Text: "still there?"), seen);

        Assert.Equal(ReviewStepResult.ModelGone, outcome.Result);
    }

    [Fact]
    public async Task Steps_the_api_would_refuse_are_refused_with_its_reasons_and_change_nothing()
    {
        var scope = await OrganizationWithModelAsync();
        var seen = (await ViewAsync(scope)).Review.Revision;

        var stranger = await ModelReview.TakeAsync(scope, Model, new ReviewAction(ReviewActions.Assign, Assignee: "mallory@example.com"), seen);
        var noReason = await ModelReview.TakeAsync(scope, Model, new ReviewAction(ReviewActions.Dismiss, Text: "  "), seen);
        var tooLong = await ModelReview.TakeAsync(scope, Model, new ReviewAction(ReviewActions.Comment, Text: new string('x', ReviewActions.MaxTextLength + 1)), seen);

        Assert.Equal(
            [ReviewStepResult.Refused, ReviewStepResult.Refused, ReviewStepResult.Refused],
            new[] { stranger.Result, noReason.Result, tooLong.Result });
        Assert.Contains("not a member", stranger.Problem, StringComparison.Ordinal);
        Assert.Equal("Give the reason for dismissing it.", noReason.Problem);
        Assert.Equal("Use at most 2000 characters.", tooLong.Problem);
        Assert.Equal(seen, (await ViewAsync(scope)).Review.Revision);
    }

    [Fact]
    public async Task An_accept_on_a_model_whose_name_already_fits_and_whose_verdict_flags_nothing_is_refused_and_changes_nothing()
    {
        // A page opened while the model was misnamed still offers the accept after a re-analysis found its name fits.
        const string fitting = "acme/bert-base";
        var scope = await OrganizationWithModelAsync(fitting);
        var before = (await scope.ModelViewAsync(fitting))!;

        var outcome = await ModelReview.TakeAsync(scope, fitting, new ReviewAction(ReviewActions.Accept), before.Review.Revision);

        Assert.Equal((ReviewStepResult.Refused, $"There is nothing to accept: {fitting}'s name already fits and its verdict flags nothing."), (outcome.Result, outcome.Problem));
        Assert.Equal((fitting, "ok"), (before.Current!.SuggestedName, before.Current.Verdict));
        Assert.Equal(before.Review, (await scope.ModelViewAsync(fitting))!.Review);
    }

    private async Task<OrgScope> OrganizationWithModelAsync(string model = Model)
    {
        var org = await portal.CreateOrgAsync(Owner, "review");
        using var client = portal.As(Owner);
        using var uploaded = await client.UploadAsync(org, model);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return portal.ScopeOf(org, Owner, OrgRole.Owner);
    }

    private static async Task<ModelView> ViewAsync(OrgScope scope) => (await scope.ModelViewAsync(Model))!;
}
