using System.Net;
using Dara.Cloud.Portal.Components.Pages;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>
/// "Delete model" on the model page, rendered as in a circuit over the embedded silo: what an owner deletes there is
/// gone from the organization's models and counts, and nobody else can delete, through the page or around it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ModelDeletionPageTests(PortalFactory portal) : IAsyncLifetime
{
    private const string Owner = "delete-model-owner@example.com";
    private const string Reviewer = "delete-model-reviewer@example.com";
    private const string Viewer = "delete-model-viewer@example.com";
    private const string Mistake = "acme/bert-test-upload";
    private const string Kept = "acme/bert-base";

    private readonly PortalPages _pages = new(portal);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task An_owner_deletes_a_model_from_its_page_and_the_models_list_and_dashboard_counts_no_longer_have_it()
    {
        var org = await OrganizationWithModelsAsync();
        var page = RenderModelPage(org, Owner);
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".dara-delete-model-button")));

        await page.ClickAsync(".dara-delete-model-button");
        _pages.Dialogs.WaitForAssertion(() => Assert.Equal(Mistake, _pages.Dialogs.Find(".dara-delete-model-name").TextContent));
        await _pages.AnswerAsync("its review, with every step and comment, are lost", "Delete model");

        page.WaitForAssertion(() => Assert.EndsWith($"/orgs/{org}/models", _pages.Navigation.Uri, StringComparison.Ordinal));
        _pages.Snackbars.WaitForAssertion(() => Assert.Contains($"{Mistake} was deleted.", _pages.Snackbars.Markup, StringComparison.Ordinal));
        var scope = portal.ScopeOf(org, Owner, OrgRole.Owner);
        Assert.Null(await scope.ModelViewAsync(Mistake));
        var listed = await scope.OrganizationAsync(organization => organization.ListModelsAsync(new ModelQuery()));
        Assert.Equal([Kept], listed.Items.Select(model => model.RepoId));
        Assert.Equal(1, (await scope.OrganizationAsync(organization => organization.GetStatsAsync())).Models);

        var models = _pages.Render<Models>(org, Owner);
        models.WaitForAssertion(() => Assert.Equal([Kept], models.FindAll(".dara-model-link").Select(link => link.TextContent.Trim())));
    }

    [Fact]
    public async Task Deleting_a_model_someone_else_deleted_meanwhile_says_so_and_leads_to_the_models()
    {
        var org = await OrganizationWithModelsAsync();
        var page = RenderModelPage(org, Owner);
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".dara-delete-model-button")));
        using (var owner = portal.As(Owner))
        using (var deleted = await owner.DeleteAsync($"/api/orgs/{org}/models/{Mistake}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await page.ClickAsync(".dara-delete-model-button");
        await _pages.AnswerAsync("its review, with every step and comment, are lost", "Delete model");

        page.WaitForAssertion(() => Assert.EndsWith($"/orgs/{org}/models", _pages.Navigation.Uri, StringComparison.Ordinal));
        _pages.Snackbars.WaitForAssertion(() => Assert.Contains(
            $"{Mistake} was already deleted by someone else.", _pages.Snackbars.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".dara-delete-model-error"));
    }

    [Theory]
    [InlineData(Reviewer)]
    [InlineData(Viewer)]
    public async Task Reviewers_and_viewers_get_no_delete_action_on_the_model_page(string member)
    {
        var org = await OrganizationWithModelsAsync();

        var page = RenderModelPage(org, member);

        page.WaitForAssertion(() => Assert.Equal(Mistake, page.Find(".dara-model-title").TextContent.Trim()));
        Assert.Empty(page.FindAll(".dara-delete-model, .dara-delete-model-button"));
    }

    [Theory]
    [InlineData(Reviewer, OrgRole.Reviewer)]
    [InlineData(Viewer, OrgRole.Viewer)]
    public async Task A_reviewer_or_viewer_calling_the_deletion_directly_is_refused_and_the_model_stays(string member, OrgRole role)
    {
        var org = await OrganizationWithModelsAsync();

        var outcome = await ModelDeletion.DeleteAsync(portal.ScopeOf(org, member, role), Mistake);

        Assert.Equal(ModelDeletionResult.Refused, outcome);
        var scope = portal.ScopeOf(org, Owner, OrgRole.Owner);
        Assert.NotNull(await scope.ModelViewAsync(Mistake));
        Assert.Equal(2, (await scope.OrganizationAsync(organization => organization.GetStatsAsync())).Models);
    }

    [Fact]
    public async Task An_owner_deleting_twice_deletes_once_and_then_hears_the_model_is_already_gone()
    {
        var org = await OrganizationWithModelsAsync();
        var owner = portal.ScopeOf(org, Owner, OrgRole.Owner);

        var first = await ModelDeletion.DeleteAsync(owner, Mistake);
        var second = await ModelDeletion.DeleteAsync(owner, Mistake);

        Assert.Equal((ModelDeletionResult.Deleted, ModelDeletionResult.AlreadyGone), (first, second));
        Assert.Null(await owner.ModelViewAsync(Mistake));
    }

    private IRenderedComponent<ModelDetail> RenderModelPage(string org, string user)
    {
        var parts = Mistake.Split('/');
        return _pages.Render<ModelDetail>(org, user, route => route.Add(page => page.Owner, parts[0]).Add(page => page.Name, parts[1]));
    }

    private async Task<string> OrganizationWithModelsAsync()
    {
        var org = await portal.CreateOrgAsync(Owner, "delete-model");
        await portal.AddMemberAsync(org, Owner, Reviewer, "reviewer");
        await portal.AddMemberAsync(org, Owner, Viewer, "viewer");
        using var client = portal.As(Owner);
        foreach (var model in new[] { Mistake, Kept })
        {
            using var uploaded = await client.UploadAsync(org, model);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        return org;
    }
}
