using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>
/// What a browser asks for while the portal's pages load: nothing it asks for may be missing, and its console stays free
/// of errors (where a missing /favicon.ico used to show on every page).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PageLoadTests(PortalServer portal, Chromium chromium)
{
    [Fact]
    public async Task Opening_the_portals_pages_fails_no_request_and_logs_no_error_and_the_tab_gets_the_portals_icon()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"loads-{suffix}@example.com";
        var org = $"loads-{suffix}";
        using (var api = portal.ApiAs(owner))
        {
            await api.CreateOrganizationAsync(org, "Loads Lab");
        }

        await using var context = await chromium.NewContextAsync();
        var failed = new ConcurrentQueue<string>();
        context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Enqueue($"{response.Status} {response.Url}");
            }
        };
        context.RequestFailed += (_, request) => failed.Enqueue($"{request.Failure} {request.Url}");
        var page = await context.NewPageAsync();

        // Where the browser's own requests show (its favicon fetch is no page request Playwright reports).
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                failed.Enqueue($"console: {message.Text} ({message.Location})");
            }
        };
        page.SetDefaultTimeout(30_000);

        await page.SignInAsync(portal, owner);
        foreach (var path in new[] { $"orgs/{org}", $"orgs/{org}/models", $"orgs/{org}/check", $"orgs/{org}/settings" })
        {
            await page.GotoLiveAsync(portal.Url(path));

            // The icon is fetched after the page has loaded.
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        Assert.Empty(failed);

        // The icon the page declares, as the browser resolves it.
        var icon = await page.EvaluateAsync<string>("() => document.querySelector('link[rel=icon][type=\"image/svg+xml\"]').href");
        using var served = await new HttpClient().GetAsync(icon);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/svg+xml", served.Content.Headers.ContentType?.MediaType);
    }
}
