using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Components.Pages;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>
/// The model page's review panel, rendered (bunit) against the portal's embedded silo: what a reviewer does there
/// reaches the model and the organization's list, and what others do shows on an open page.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ModelReviewPageTests(PortalFactory portal) : IAsyncLifetime
{
    private const string Owner = "review-panel-owner@example.com";
    private const string Reviewer = "review-panel-reviewer@example.com";
    private const string Model = "acme/llama-7b";

    // The live path goes through the organization grain and a 250 ms coalescing window, on a machine running other tests.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly BunitContext _context = new();
    private BunitAuthorizationContext _authorization = null!;

    public Task InitializeAsync()
    {
        _context.Services.AddDaraPortalComponents();
        _context.Services.AddSingleton(portal.Grains);
        _context.Services.AddScoped<OrgAccess>();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _authorization = _context.AddAuthorization();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task A_reviewer_dismissing_a_finding_on_the_model_page_reaches_the_model_and_the_list_filter()
    {
        var org = await OrganizationWithModelAsync();
        var page = RenderModelPage(org, Reviewer, live: false);
        await WaitUntilSettledAsync(page);

        await page.ClickAsync(".dara-review-dismiss");
        await page.InputAsync(".dara-review-dismiss-reason-input textarea", "The Llama name is the product's; the weights are a BERT on purpose.");
        await page.ClickAsync(".dara-review-dismiss-confirm");

        page.WaitForAssertion(() => Assert.Contains("dara-review-status-dismissed", page.Find(".dara-review .dara-review-status").ClassList), Patience);
        var review = (await ViewAsync(org)).Review;
        Assert.Equal(ReviewActions.Dismissed, review.Status);
        Assert.Equal("The Llama name is the product's; the weights are a BERT on purpose.", review.DismissReason);
        Assert.Equal((Reviewer, ReviewActions.Dismiss), (review.Events[^1].UserId, review.Events[^1].Action));

        using var owner = portal.As(Owner);
        var dismissed = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?review=dismissed");
        var open = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?review=open");
        Assert.Equal([Model], dismissed!["items"]!.AsArray().Select(item => $"{item!["owner"]}/{item["name"]}"));
        Assert.Equal(0, open!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_step_on_a_page_whose_review_changed_meanwhile_changes_nothing_and_the_page_shows_the_review_as_it_is()
    {
        var org = await OrganizationWithModelAsync();
        var page = RenderModelPage(org, Reviewer, live: false);
        await WaitUntilSettledAsync(page);
        using (var owner = portal.As(Owner))
        using (var dismissed = await owner.PostAsJsonAsync($"/api/orgs/{org}/models/{Model}/review", new { action = "dismiss", text = "Named for the product." }))
        {
            Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        }

        await page.ClickAsync(".dara-review-accept");

        page.WaitForAssertion(() => Assert.Equal(ModelReview.StaleWarning, page.Find(".dara-review-stale").TextContent.Trim()), Patience);
        Assert.Contains("dara-review-status-dismissed", page.Find(".dara-review .dara-review-status").ClassList);
        Assert.Contains("Named for the product.", page.Find(".dara-review-dismiss-reason").TextContent, StringComparison.Ordinal);
        Assert.Equal(ReviewActions.Dismissed, (await ViewAsync(org)).Review.Status);
    }

    [Fact]
    public async Task A_model_whose_name_already_fits_offers_no_rename_to_accept_and_a_misnamed_one_does()
    {
        const string fitting = "acme/bert-base";
        var org = await OrganizationWithModelAsync(fitting);
        var page = RenderModelPage(org, Reviewer, live: false, model: fitting);
        await WaitUntilSettledAsync(page);

        Assert.Equal("The name already fits", page.Find(".dara-suggested-name .mud-typography-caption").TextContent.Trim());
        Assert.Empty(page.FindAll(".dara-review-accept"));
        Assert.NotEmpty(page.FindAll(".dara-review-dismiss"));

        var misnamed = RenderModelPage(await OrganizationWithModelAsync(), Reviewer, live: false);
        await WaitUntilSettledAsync(misnamed);

        Assert.Equal("Accept the rename", misnamed.Find(".dara-review-accept").TextContent.Trim());
    }

    [Fact]
    public async Task A_step_on_a_model_deleted_since_the_page_loaded_says_it_is_not_found()
    {
        var org = await OrganizationWithModelAsync();
        var page = RenderModelPage(org, Reviewer, live: false);
        await WaitUntilSettledAsync(page);
        using (var owner = portal.As(Owner))
        using (var deleted = await owner.DeleteAsync($"/api/orgs/{org}/models/{Model}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await page.ClickAsync(".dara-review-accept");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".dara-not-found")), Patience);
        Assert.Empty(page.FindAll(".dara-review"));
    }

    [Fact]
    public async Task An_open_model_page_shows_review_steps_taken_elsewhere_without_a_reload()
    {
        var org = await OrganizationWithModelAsync();
        var page = RenderModelPage(org, Owner, live: true);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".dara-review-status")), Patience);
        using var reviewer = portal.As(Reviewer);
        var model = $"/api/orgs/{org}/models/{Model}/review";

        // The first step shows once the page subscribed (it reloads then, in case it missed one); the second can only
        // come through the subscription.
        using (var comment = await reviewer.PostAsJsonAsync(model, new { action = "comment", text = "Looking at it." }))
        {
            Assert.Equal(HttpStatusCode.OK, comment.StatusCode);
        }

        page.WaitForAssertion(() => Assert.Contains("Looking at it.", page.Find(".dara-review-timeline").TextContent, StringComparison.Ordinal), Patience);
        using (var accept = await reviewer.PostAsJsonAsync(model, new { action = "accept" }))
        {
            Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        }

        page.WaitForAssertion(() => Assert.Contains("dara-review-status-accepted", page.Find(".dara-review .dara-review-status").ClassList), Patience);
        var newest = page.Find(".dara-review-timeline .dara-review-event");
        Assert.Equal(
            (Reviewer, "accepted the findings"),
            (newest.QuerySelector(".dara-review-event-who")!.TextContent.Trim(), newest.QuerySelector(".dara-review-event-what")!.TextContent.Trim()));
    }

    [Fact]
    public async Task A_viewer_sees_the_review_on_the_model_page_with_no_step_to_take()
    {
        var org = await OrganizationWithModelAsync();
        await portal.AddMemberAsync(org, Owner, "review-panel-viewer@example.com", "viewer");

        var page = RenderModelPage(org, "review-panel-viewer@example.com", live: false);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".dara-review-read-only")), Patience);
        Assert.Empty(page.FindAll(".dara-review button, .dara-review textarea"));
    }

    [Fact]
    public async Task A_viewer_pages_back_through_a_long_review_on_the_model_page_to_its_first_step()
    {
        var org = await OrganizationWithModelAsync();
        await portal.AddMemberAsync(org, Owner, "review-panel-viewer@example.com", "viewer");
        var scope = portal.ScopeOf(org, Reviewer, OrgRole.Reviewer);
        for (var i = 1; i <= 120; i++)
        {
            await scope.ModelAsync(Model, model => model.ReviewAsync(Reviewer, new ReviewAction(ReviewActions.Comment, Text: $"step {i}")));
        }

        var page = RenderModelPage(org, "review-panel-viewer@example.com", live: false);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".dara-review-older-button")), Patience);
        var latest = page.FindAll(".dara-review-event").Count;
        Assert.Equal($"{120 - latest} earlier steps", page.Find(".dara-review-older-count").TextContent.Trim());

        await page.ClickAsync(".dara-review-older-button");

        page.WaitForAssertion(() => Assert.Equal(120, page.FindAll(".dara-review-event").Count), Patience);
        Assert.Empty(page.FindAll(".dara-review-older-button"));
        Assert.Equal("step 1", page.FindAll(".dara-review-event-text")[^1].TextContent.Trim());
        Assert.Equal("step 120", page.FindAll(".dara-review-event-text")[0].TextContent.Trim());
    }

    /// <summary>
    /// The model page as <paramref name="user"/> sees it. <paramref name="live"/>: in an interactive circuit, where it
    /// subscribes to changes and renders again once subscribed; a test that clicks wants no render in between.
    /// </summary>
    private IRenderedComponent<ModelDetail> RenderModelPage(string org, string user, bool live, string model = Model)
    {
        _context.SetRendererInfo(new RendererInfo(live ? "Server" : "Static", isInteractive: live));
        _authorization.SetAuthorized(user);
        _authorization.SetClaims(new Claim(DaraClaims.UserId, user));
        var parts = model.Split('/');
        return _context.Render<ModelDetail>(p => p.Add(c => c.Org, org).Add(c => c.Owner, parts[0]).Add(c => c.Name, parts[1]));
    }

    /// <summary>
    /// Waits until the page shows the review with its steps and then renders no more: MudBlazor's inputs render again
    /// a moment after they first show, and a click dispatched while they do was lost now and then.
    /// </summary>
    private static async Task WaitUntilSettledAsync(IRenderedComponent<ModelDetail> page)
    {
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".dara-review-assignee-select input")), Patience);
        var quiet = TimeSpan.FromMilliseconds(300);
        var deadline = DateTime.UtcNow + Patience;
        var renders = page.RenderCount;
        do
        {
            await Task.Delay(quiet);
            if (page.RenderCount == renders)
            {
                return;
            }

            renders = page.RenderCount;
        }
        while (DateTime.UtcNow < deadline);
    }

    private async Task<string> OrganizationWithModelAsync(string model = Model)
    {
        var org = await portal.CreateOrgAsync(Owner, "review-page");
        await portal.AddMemberAsync(org, Owner, Reviewer, "reviewer");
        using var client = portal.As(Owner);
        using var uploaded = await client.UploadAsync(org, model);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return org;
    }

    private async Task<ModelView> ViewAsync(string org) => (await portal.ScopeOf(org, Owner, OrgRole.Owner).ModelViewAsync(Model))!;
}
