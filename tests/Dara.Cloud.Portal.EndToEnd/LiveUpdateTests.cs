using System.Net;
using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>Open pages follow verdict changes made elsewhere (another person, a CI job, a policy re-check) without a reload.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LiveUpdateTests(PortalServer portal, Chromium chromium)
{
    private const string BertConfig = """{"model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522}""";

    static LiveUpdateTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_open_model_page_shows_the_verdict_a_policy_change_brought_without_a_reload()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"owner-{suffix}@example.com";
        var org = $"live-{suffix}";
        using var api = portal.ApiAs(owner);
        await api.CreateOrganizationAsync(org, "Live Lab");

        await api.UploadConfigAsync(org, "acme/bert-base-uncased", BertConfig);

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, owner);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/models/acme/bert-base-uncased"));
        await Expect(page.Locator(".dara-model-page .dara-verdict-ok").First).ToBeVisibleAsync();
        await Expect(page.Locator(".dara-finding-convention")).ToHaveCountAsync(0);
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        using (var policy = await api.PutAsJsonAsync($"api/orgs/{org}/policy", new
        {
            requireArchitecture = true,
            requireTaskForFineTuned = true,
            requireSize = false,
            order = new[] { "A", "T" },
            separator = "-",
            lowercase = false,
            maxLength = 96,
            forbiddenWords = new[] { "uncased" },
            severity = "warning",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        }

        await Expect(page.Locator(".dara-finding-convention")).ToBeVisibleAsync();
        await Expect(page.Locator(".dara-model-page .dara-verdict-suspicious").First).ToBeVisibleAsync();
        Assert.Equal(0, navigations);
    }

    [Fact]
    public async Task A_model_uploaded_elsewhere_that_looks_misnamed_is_an_alert_on_the_open_dashboard_that_opens_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"owner-{suffix}@example.com";
        var org = $"alert-{suffix}";
        using var api = portal.ApiAs(owner);
        await api.CreateOrganizationAsync(org, "Alert Lab");
        await api.UploadConfigAsync(org, "acme/bert-base-uncased", BertConfig);

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, owner);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}"));
        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);

        await api.UploadConfigAsync(org, "acme/gpt2-news", BertConfig);

        var alert = page.Locator(".mud-snackbar", new() { HasText = "acme/gpt2-news looks misnamed: architecture-mismatch" });
        await Expect(alert).ToBeVisibleAsync();
        await alert.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(portal.Url($"orgs/{org}/models/acme/gpt2-news"));
        await Expect(page.Locator(".dara-model-page .dara-verdict-misnamed").First).ToBeVisibleAsync();
    }
}
