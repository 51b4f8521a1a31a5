using System.Net;
using Dara.Cloud.Portal.Components.Pages;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>The models list page, rendered as in a circuit over the embedded silo.</summary>
[Collection(PortalCollection.Name)]
public sealed class ModelsPageTests(PortalFactory portal) : IAsyncLifetime
{
    private const string Owner = "models-page-owner@example.com";

    private readonly PortalPages _pages = new(portal);

    [Fact]
    public async Task The_filters_a_user_chooses_are_written_into_the_address_so_back_reload_and_links_keep_them()
    {
        var org = await portal.CreateOrgAsync(Owner, "models-page");
        using (var response = await portal.As(Owner).UploadAsync(org, "acme/bert-a"))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var page = _pages.Render<Models>(org, Owner);
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".dara-model-link")));

        // A list filtered by hand used to come back unfiltered after opening a model and pressing Back.
        await page.ClickAsync(".dara-filter-verdict-misnamed");
        page.WaitForAssertion(() => Assert.EndsWith("?verdict=misnamed", _pages.Navigation.Uri, StringComparison.Ordinal));
        await page.InputAsync(".dara-filter-author input", "acme");
        page.WaitForAssertion(() => Assert.EndsWith("?verdict=misnamed&author=acme", _pages.Navigation.Uri, StringComparison.Ordinal));

        await page.ClickAsync(".dara-filter-clear");
        page.WaitForAssertion(() => Assert.DoesNotContain("?", _pages.Navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_to_the_list_filtered_by_author_and_score_opens_it_so()
    {
        var org = await portal.CreateOrgAsync(Owner, "models-link");
        using var served = await portal.As(Owner).GetAsync($"/orgs/{org}/models?author=acme&minScore=10&maxScore=60&assignee=me");

        var html = await served.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("value=\"acme\"", html, StringComparison.Ordinal);
        Assert.Contains($"Assigned to {Owner}", html, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pages.DisposeAsync();
}
