using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>What surrounds every page, as a browser shows it on a laptop screen: headings, unknown addresses, the models list's columns.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PageChromeTests(PortalServer portal, Chromium chromium)
{
    static PageChromeTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_address_no_page_has_shows_the_portals_not_found_page_in_its_layout()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal, $"lost-{Unique()}@example.com");

        var response = await page.GotoLiveAsync(portal.Url($"no/such/page-{Unique()}"));

        // It used to be the API's JSON problem document, alone in the browser's window.
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.Locator(".dara-not-found h1")).ToHaveTextAsync("This page does not exist");
        await Expect(page).ToHaveTitleAsync("Not found · Dara.Cloud");
        await Expect(page.Locator(".dara-brand")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_link_to_a_model_the_organization_does_not_have_says_so_and_leads_to_its_models()
    {
        var (user, org) = await OrganizationAsync();
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal, user);

        var response = await page.GotoLiveAsync(portal.Url($"orgs/{org}/models/acme/deleted-model"));

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.Locator(".dara-no-such-model")).ToContainTextAsync("Chrome Lab has no model acme/deleted-model");
        await page.Locator(".dara-no-such-model").GetByRole(AriaRole.Link, new() { Name = "its models" }).ClickAsync();
        await page.WaitForURLAsync(portal.Url($"orgs/{org}/models"));
    }

    [Fact]
    public async Task The_heading_focused_after_a_navigation_shows_no_focus_ring()
    {
        var (user, org) = await OrganizationAsync();
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal, user);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}"));

        await page.OpenSectionAsync("Models", portal.Url($"orgs/{org}/models"));

        // Blazor focuses the page's heading for screen readers; the ring drawn around the organization's name looked
        // like a control with focus on every page.
        await Expect(page.Locator("h1.dara-org-name")).ToBeFocusedAsync();
        Assert.Equal("none", await page.Locator("h1.dara-org-name").EvaluateAsync<string>("h => getComputedStyle(h).outlineStyle"));
    }

    [Fact]
    public async Task On_a_laptop_the_models_list_sorts_from_its_headers_and_keeps_each_date_on_one_line()
    {
        var (user, org) = await OrganizationAsync();
        using (var api = portal.ApiAs(user))
        {
            // A long name and a long suggested name leave the date column as little room as a real list does.
            await api.UploadConfigAsync(org, $"acme/{LongName}", """{"model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522}""");
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal, user);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/models"));
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(1);

        // The phone's sort list is not shown beside the headers; the date used to break as "2026-11-" above "27".
        await Expect(page.Locator(".dara-sort-select")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sort by score" })).ToBeVisibleAsync();
        var date = await page.Locator(".dara-model-analyzed").BoundingBoxAsync();
        var lineHeight = await page.Locator(".dara-model-analyzed").EvaluateAsync<float>("d => parseFloat(getComputedStyle(d).lineHeight) || 20");
        Assert.NotNull(date);
        Assert.True(date.Height < lineHeight * 1.5, $"the date is {date.Height} px high, a line {lineHeight} px");
    }

    [Fact]
    public async Task Back_from_a_model_opened_from_a_filtered_list_finds_the_list_still_filtered()
    {
        var (user, org) = await OrganizationAsync();
        using (var api = portal.ApiAs(user))
        {
            foreach (var (name, type) in new[] { ("acme/bert-base-uncased", "bert"), ("acme/gpt2-small", "gpt2") })
            {
                await api.UploadConfigAsync(org, name, $$"""{"model_type": "{{type}}"}""");
            }
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal, user);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/models"));
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(2);

        await page.Locator(".dara-filter-text input").FillAsync("gpt2");
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(1);
        await Expect(page).ToHaveURLAsync(portal.Url($"orgs/{org}/models?q=gpt2"));
        await page.Locator(".dara-model-link").ClickAsync();
        await page.WaitForURLAsync(portal.Url($"orgs/{org}/models/acme/gpt2-small"));
        await page.GoBackAsync();

        // The list came back unfiltered: the filters lived only in the page that was left.
        await Expect(page.Locator(".dara-filter-text input")).ToHaveValueAsync("gpt2");
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(1);
        await Expect(page.Locator(".dara-model-link")).ToHaveTextAsync("acme/gpt2-small");
    }

    private const string LongName = "Bert_Base_Uncased_finetuned_on_customer_support_tickets_for_intent_detection_v2";

    private async Task<(string User, string Org)> OrganizationAsync()
    {
        var suffix = Unique();
        var user = $"chrome-{suffix}@example.com";
        var org = $"chrome-{suffix}";
        using var api = portal.ApiAs(user);
        await api.CreateOrganizationAsync(org, "Chrome Lab");
        return (user, org);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
