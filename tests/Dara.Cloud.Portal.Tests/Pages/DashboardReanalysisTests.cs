using System.Net;
using Dara.Cloud.Portal.Components.Pages;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>
/// "Analyse models again" on the dashboard, rendered as in a circuit over the embedded silo: what the page's
/// buttons start and cancel is the organization's real job.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DashboardReanalysisTests(PortalFactory portal) : IAsyncLifetime
{
    private const string Owner = "dashboard-job-owner@example.com";
    private const string Reviewer = "dashboard-job-reviewer@example.com";
    private const string Viewer = "dashboard-job-viewer@example.com";

    private readonly PortalPages _pages = new(portal);

    [Fact]
    public async Task A_job_a_reviewer_starts_from_the_dashboard_analyses_every_model_and_the_page_follows_it_to_its_end()
    {
        var org = await OrganizationAsync();
        await UploadAsync(org, "acme/bert-a");
        await UploadAsync(org, "acme/bert-b");
        var dashboard = _pages.Render<Dashboard>(org, Reviewer);
        dashboard.WaitForAssertion(() => Assert.False(dashboard.Find(".dara-reanalysis-start").HasAttribute("disabled")));

        await dashboard.ClickAsync(".dara-reanalysis-start");
        await _pages.AnswerAsync("Every model: all 2 of the organization", "Analyse again");

        dashboard.WaitForAssertion(() => Assert.StartsWith("Finished", dashboard.Find(".dara-reanalysis-outcome").TextContent.Trim(), StringComparison.Ordinal));
        var job = await JobAsync(org);
        Assert.Equal((ReanalysisStatus.Finished, Reviewer, true, 2, 2), (job.Status, job.StartedBy, job.Force, job.Models, job.Done));
        Assert.Contains($"started by {Reviewer}", dashboard.Find(".dara-reanalysis-started").TextContent, StringComparison.Ordinal);
        Assert.Contains("2 of 2 done", dashboard.Find(".dara-reanalysis-counts").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewer_who_chooses_only_the_models_an_older_engine_analysed_starts_a_job_without_force()
    {
        var org = await OrganizationAsync();
        await UploadAsync(org, "acme/bert-a");
        var dashboard = _pages.Render<Dashboard>(org, Reviewer);
        dashboard.WaitForAssertion(() => Assert.False(dashboard.Find(".dara-reanalysis-start").HasAttribute("disabled")));

        await dashboard.ClickAsync(".dara-reanalysis-start");
        _pages.Dialogs.WaitForAssertion(() => Assert.Single(_pages.Dialogs.FindAll(".dara-reanalysis-choice-outdated input")));
        await _pages.Dialogs.ClickAsync(".dara-reanalysis-choice-outdated input");
        await _pages.AnswerAsync("Only models an older engine analysed", "Analyse again");

        dashboard.WaitForAssertion(() => Assert.StartsWith("Finished", dashboard.Find(".dara-reanalysis-outcome").TextContent.Trim(), StringComparison.Ordinal));
        var job = await JobAsync(org);
        Assert.Equal((ReanalysisStatus.Finished, Reviewer, false, 1), (job.Status, job.StartedBy, job.Force, job.Models));
        Assert.Contains("Models an older engine analysed", dashboard.Find(".dara-reanalysis-started").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancel_from_the_dashboard_cancels_the_running_job_which_then_reads_cancelled_by_that_reviewer()
    {
        var org = await OrganizationAsync();
        using (var owner = portal.As(Owner))
        {
            await portal.RegisterSlowHubModelAsync(owner, org, seconds: 5);
        }

        await UploadAsync(org, "zeta/bert-z");
        var dashboard = _pages.Render<Dashboard>(org, Reviewer);
        dashboard.WaitForAssertion(() => Assert.False(dashboard.Find(".dara-reanalysis-start").HasAttribute("disabled")));
        await dashboard.ClickAsync(".dara-reanalysis-start");
        await _pages.AnswerAsync("Every model: all 2 of the organization", "Analyse again");
        dashboard.WaitForAssertion(() => Assert.NotEmpty(dashboard.FindAll(".dara-reanalysis-cancel")));

        await dashboard.ClickAsync(".dara-reanalysis-cancel");
        await _pages.AnswerAsync("Stop the re-analysis", "Cancel re-analysis");

        dashboard.WaitForAssertion(() => Assert.StartsWith(
            $"Cancelled by {Reviewer}", dashboard.Find(".dara-reanalysis-outcome").TextContent.Trim(), StringComparison.Ordinal));
        var job = await JobAsync(org);
        Assert.Equal((ReanalysisStatus.Cancelled, Reviewer), (job.Status, job.CancelledBy));
        Assert.True(job.Done < 2);
        Assert.Single(dashboard.FindAll(".dara-reanalysis-start"));
    }

    [Fact]
    public async Task A_viewer_follows_a_running_job_live_without_start_or_cancel_buttons()
    {
        var org = await OrganizationAsync();
        using (var owner = portal.As(Owner))
        {
            await portal.RegisterSlowHubModelAsync(owner, org, seconds: 5);
        }

        var dashboard = _pages.Render<Dashboard>(org, Viewer);
        dashboard.WaitForAssertion(() => Assert.Contains("No re-analysis has run yet", dashboard.Markup, StringComparison.Ordinal));
        Assert.Empty(dashboard.FindAll(".dara-reanalysis-start"));

        // Started elsewhere (the API, another member's page): the viewer's page shows it after reloading, then live.
        await StartJobAsync(org, Owner);

        var reloaded = _pages.Render<Dashboard>(org, Viewer);
        reloaded.WaitForAssertion(() => Assert.NotEmpty(reloaded.FindAll(".dara-reanalysis-progress")));
        Assert.Empty(reloaded.FindAll(".dara-reanalysis-cancel"));

        reloaded.WaitForAssertion(() => Assert.StartsWith("Finished", reloaded.Find(".dara-reanalysis-outcome").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Empty(reloaded.FindAll(".dara-reanalysis-start"));
    }

    [Fact]
    public async Task The_last_job_is_on_every_members_served_dashboard_but_only_reviewers_and_owners_get_the_button()
    {
        var org = await OrganizationAsync();
        await UploadAsync(org, "acme/bert-a");
        await StartJobAsync(org, Owner);

        await WaitUntilEndedAsync(org);
        var reviewer = await portal.PageHtmlAsync(Reviewer, $"/orgs/{org}");
        var viewer = await portal.PageHtmlAsync(Viewer, $"/orgs/{org}");

        Assert.All([reviewer, viewer], html =>
        {
            Assert.Contains("dara-reanalysis-outcome", html, StringComparison.Ordinal);
            Assert.Contains($"started by {Owner}", html, StringComparison.Ordinal);
        });
        Assert.Contains("Analyse models again", reviewer, StringComparison.Ordinal);
        Assert.DoesNotContain("Analyse models again", viewer, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    private async Task<string> OrganizationAsync()
    {
        var org = await portal.CreateOrgAsync(Owner, "dashboard-job");
        await portal.AddMemberAsync(org, Owner, Reviewer, "reviewer");
        await portal.AddMemberAsync(org, Owner, Viewer, "viewer");
        return org;
    }

    private async Task UploadAsync(string org, string name)
    {
        using var response = await portal.As(Owner).UploadAsync(org, name);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task WaitUntilEndedAsync(string org)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await JobAsync(org)).IsRunning)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private IReanalysisGrain Reanalysis(string org) => portal.Grains.GetGrain<IReanalysisGrain>(org);

    /// <summary>Starts a job as the API or another member's page would, not through the page under test.</summary>
    private async Task StartJobAsync(string org, string startedBy)
    {
        using var _ = TenantContext.Enter(new TenantId(org));
        await Reanalysis(org).StartAsync(force: true, startedBy);
    }

    private async Task<ReanalysisJob> JobAsync(string org)
    {
        using var _ = TenantContext.Enter(new TenantId(org));
        return (await Reanalysis(org).GetAsync())!;
    }
}
