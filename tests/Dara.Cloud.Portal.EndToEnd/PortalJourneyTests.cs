using System.Net;
using System.Net.Http.Headers;
using Dara.Cloud.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>
/// A team's first hour in the portal, in a real browser against the real app: sign in, create an organization,
/// bring in three real models (one under a name that lies about its architecture), find the flagged one, read why,
/// accept its rename and find it by its review, tighten the policy and watch the score move; a member of another
/// organization is kept out of it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PortalJourneyTests(PortalServer portal, Chromium chromium)
{
    // A real RoBERTa (model_type roberta, RobertaForSequenceClassification) uploaded under a BERT name.
    private const string FlaggedName = "acme/bert-base-sentiment";
    private const string FlaggedFolder = "Avent-IQ__roberta-spam-detection";

    static PortalJourneyTests() => SetDefaultExpectTimeout(30_000);

    [RealDataFact]
    public async Task A_team_finds_its_misnamed_model_sees_why_tightens_its_policy_and_keeps_other_organizations_out()
    {
        var owner = $"owner-{Unique()}@example.com";
        var org = $"acme-{Unique()}";
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        // Sign in (development) and create the organization: a new organization is told how to add models.
        await page.SignInAsync(portal, owner);
        await page.Locator(".dara-new-org-name input").FillAsync("Acme Research");
        await page.Locator(".dara-new-org-id input").FillAsync(org);
        await page.Locator(".dara-create-org").ClickAsync();
        await page.WaitForURLAsync(portal.Url($"orgs/{org}"));
        await Expect(page.Locator(".dara-empty-org")).ToBeVisibleAsync();

        // Two honest models come in through the API (a CI job would); the open dashboard updates without a reload.
        using var api = portal.ApiAs(owner);
        await UploadAsync(api, org, "google/bert-base-uncased", "apratimshaw__bert-base-uncased");
        await UploadAsync(api, org, "acme/distilbert-base-uncased", "ashutosh29__distilbert-base-uncased");
        await Expect(page.Locator(".dara-quality-models")).ToHaveTextAsync("2 models");
        await Expect(page.Locator(".dara-quality-counts")).ToContainTextAsync("0 misnamed");

        // The third is checked in the browser first (nothing registered), then added from the check page.
        await page.OpenSectionAsync("Check a model", portal.Url($"orgs/{org}/check"));
        await page.ChooseFileAsync(page.Locator("input.dara-check-input"), Path.Combine(RealData.HfConfigs, FlaggedFolder, "config.json"));
        await Expect(page.Locator(".dara-check-file")).ToHaveCountAsync(1);
        await page.Locator(".dara-check-repo-id input").FillAsync(FlaggedName);
        await page.Locator(".dara-check-submit").ClickAsync();
        await Expect(page.Locator(".dara-check-result .dara-verdict-misnamed")).ToBeVisibleAsync();
        await Expect(page.Locator(".dara-check-result .dara-finding-architecture-mismatch")).ToBeVisibleAsync();
        await page.ScreenshotAsync("check");
        await page.Locator(".dara-check-add").ClickAsync();

        // The model's page: the evidence (what the name claims against what config.json says) and a better name.
        await page.WaitForURLAsync(portal.Url($"orgs/{org}/models/{FlaggedName}"));
        var mismatch = page.Locator(".dara-finding-architecture-mismatch");
        await Expect(mismatch).ToBeVisibleAsync();
        await Expect(mismatch.Locator(".dara-finding-claimed")).ToContainTextAsync("bert");
        await Expect(mismatch.Locator(".dara-finding-observed")).ToContainTextAsync("roberta");
        await Expect(mismatch.Locator(".dara-finding-evidence")).ToContainTextAsync("config.json");
        await Expect(page.Locator(".dara-suggested-name-text")).ToContainTextAsync("roberta");
        await Expect(page.Locator(".dara-element-chips")).ToBeVisibleAsync();
        await page.ScreenshotAsync("model");

        // The team agrees: the suggested rename is accepted on the model's page, and its review's history says who did it.
        await page.Locator(".dara-review-accept").ClickAsync();
        await Expect(page.Locator(".dara-review .dara-review-status-accepted")).ToBeVisibleAsync();
        await Expect(page.Locator(".dara-review-event").First).ToContainTextAsync($"{owner} accepted the findings");

        // The dashboard flags it: one misnamed of three, at the top of the worst names.
        await page.OpenSectionAsync("Dashboard", portal.Url($"orgs/{org}"));
        await Expect(page.Locator(".dara-quality-models")).ToHaveTextAsync("3 models");
        await Expect(page.Locator(".dara-quality-counts")).ToContainTextAsync("1 misnamed");
        await Expect(page.Locator(".dara-worst-models .dara-model-list-item").First).ToContainTextAsync(FlaggedName);
        await page.ScreenshotAsync("dashboard");
        var gauge = page.Locator(".dara-quality-card .dara-score-gauge");
        var scoreBefore = await gauge.GetAttributeAsync("aria-valuenow");
        Assert.NotNull(scoreBefore);

        // The models grid, reached from the keyboard: every model, then only those matching a search (asked of the server).
        await page.Locator("nav.dara-org-tabs").GetByRole(AriaRole.Link, new() { Name = "Models", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(portal.Url($"orgs/{org}/models"));
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(3);
        await page.Locator(".dara-filter-text input").FillAsync("sentiment");
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(1);
        await Expect(page.Locator(".dara-model-link")).ToHaveTextAsync(FlaggedName);

        // The review filter finds the accepted one among all three; each sort button says which column it sorts.
        await page.Locator(".dara-filter-text input").FillAsync("");
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(3);
        await page.Locator(".dara-filter-review-accepted").ClickAsync();
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(1);
        await Expect(page.Locator(".dara-model-link")).ToHaveTextAsync(FlaggedName);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sort by score", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sort", Exact = true })).ToHaveCountAsync(0);

        // A stricter policy (no "base" in names) re-checks every model; the score on the dashboard moves.
        await page.OpenSectionAsync("Settings", portal.Url($"orgs/{org}/settings"));
        var newWord = page.Locator(".dara-policy-new-word input");
        await newWord.FillAsync("base");
        await newWord.PressAsync("Enter");
        await Expect(page.Locator(".dara-policy-forbidden-word")).ToHaveCountAsync(1);
        await page.Locator(".dara-policy-save").ClickAsync();
        await Expect(page.Locator(".dara-policy-save")).ToBeDisabledAsync();
        await page.OpenSectionAsync("Dashboard", portal.Url($"orgs/{org}"));
        await Expect(gauge).Not.ToHaveAttributeAsync("aria-valuenow", scoreBefore);
        Assert.True(int.Parse((await gauge.GetAttributeAsync("aria-valuenow"))!, System.Globalization.CultureInfo.InvariantCulture)
            < int.Parse(scoreBefore, System.Globalization.CultureInfo.InvariantCulture));

        // A member of another organization gets 403 from this one's pages and API.
        var stranger = $"stranger-{Unique()}@example.com";
        using var strangerApi = portal.ApiAs(stranger);
        await strangerApi.CreateOrganizationAsync($"other-{Unique()}", "Other Lab");

        await using var strangerContext = await chromium.NewContextAsync();
        var strangerPage = await strangerContext.NewPageAsync();
        strangerPage.SetDefaultTimeout(30_000);
        await strangerPage.SignInAsync(portal, stranger);
        foreach (var path in new[] { $"orgs/{org}", $"orgs/{org}/models", $"orgs/{org}/models/{FlaggedName}", $"orgs/{org}/settings" })
        {
            var response = await strangerPage.GotoLiveAsync(portal.Url(path));
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
            await Expect(strangerPage.Locator(".dara-forbidden")).ToBeVisibleAsync();
            await Expect(strangerPage.Locator(".dara-org-name")).ToHaveCountAsync(0);
        }

        foreach (var path in new[] { $"api/orgs/{org}", $"api/orgs/{org}/models", $"api/orgs/{org}/models/{FlaggedName}", $"api/orgs/{org}/stats" })
        {
            using var response = await strangerApi.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Dark_mode_is_remembered_across_page_loads()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal, $"night-owl-{Unique()}@example.com");
        var toggle = page.Locator(".dara-dark-mode-toggle");
        var dark = await toggle.GetAttributeAsync("aria-pressed") == "true";

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", dark ? "false" : "true");
        await page.GotoLiveAsync(portal.Url(""));

        await Expect(page.Locator(".dara-dark-mode-toggle")).ToHaveAttributeAsync("aria-pressed", dark ? "false" : "true");
    }

    [Fact]
    public async Task Pages_need_a_signed_in_user_and_send_others_to_the_sign_in_page()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(portal.Url("orgs/some-org/models"));
        await page.WaitForURLAsync(url => url.StartsWith(portal.Url("signin"), StringComparison.Ordinal));
        await Expect(page.Locator("#dara-sign-in-email")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_unknown_organization_is_not_found()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal, $"someone-{Unique()}@example.com");
        var response = await page.GotoLiveAsync(portal.Url($"orgs/no-such-{Unique()}"));
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.Locator(".dara-not-found")).ToBeVisibleAsync();
    }

    private static async Task UploadAsync(HttpClient api, string org, string name, string folder)
    {
        using var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        foreach (var file in new[] { "config.json", "README.md" })
        {
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RealData.HfConfigs, folder, file)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", file);
        }

        using var response = await api.PostAsync($"api/orgs/{org}/models", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
