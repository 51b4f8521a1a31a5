using Dara.Cloud.Testing;

namespace Dara.Cloud.Grains.Tests;

/// <summary>Dismissals teach the organization's policy: what reviewers dismiss is offered to owners, who accept it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DismissalLessonTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_dismissal_teaches_its_findings_with_the_reason_and_reopening_the_review_takes_them_back()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/llama-chat");
        await model.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        await model.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Dismiss, Text: "Llama is the product's name"));
        var lessons = await Eventually.ReadAsync(organization.GetDismissalLessonsAsync, lessons => lessons.Count > 0);

        var llama = Assert.Single(lessons, l => l.Finding.Code == "architecture-mismatch");
        Assert.Equal(("llama", "Llama is the product's name", "bob@example.com"), (llama.Finding.Claimed, llama.LastReason, llama.LastBy));
        Assert.Equal(["acme/llama-chat"], llama.Models);

        await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Reopen));
        Assert.Empty(await Eventually.ReadAsync(organization.GetDismissalLessonsAsync, lessons => lessons.Count == 0));
    }

    [Fact]
    public async Task A_deleted_model_teaches_nothing_any_more()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/llama-chat");
        await model.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));
        await model.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Dismiss, Text: "Llama is the product's name"));
        Assert.NotEmpty(await Eventually.ReadAsync(organization.GetDismissalLessonsAsync, lessons => lessons.Count > 0));

        await model.DeleteAsync();

        Assert.Empty(await organization.GetDismissalLessonsAsync());
    }

    [Fact]
    public async Task A_lesson_an_owner_accepts_into_the_policy_clears_every_model_it_applies_to_and_is_no_longer_offered()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var first = fixture.Model(tenant, "acme/llama-chat");
        var second = fixture.Model(tenant, "acme/llama-chat-v2");
        await first.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));
        Assert.Equal("misnamed", (await second.SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()))).Current!.Verdict);
        await first.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Dismiss, Text: "Llama is the product's name"));
        var lessons = await Eventually.ReadAsync(organization.GetDismissalLessonsAsync, lessons => lessons.Count > 0);

        var policy = await organization.GetPolicyAsync();
        await organization.SetPolicyAsync(policy with { AcceptedFindings = [.. lessons.Select(l => l.Finding)] });

        var view = (await Eventually.ReadAsync(second.GetAsync, v => v!.Current!.Verdict == "ok"))!;
        Assert.Equal("ok", view.Current!.Verdict);
        Assert.Contains("Accepted by the organization's policy", view.Current.DocumentJson, StringComparison.Ordinal);
        Assert.Empty(await organization.GetDismissalLessonsAsync());
        Assert.Equal(lessons.Select(l => l.Finding), (await organization.GetPolicyAsync()).AcceptedFindings!);
    }
}
