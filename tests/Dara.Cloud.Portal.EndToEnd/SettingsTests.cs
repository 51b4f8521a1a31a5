using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>An owner administers the organization from the settings page; what they change is what the API enforces.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SettingsTests(PortalServer portal, Chromium chromium)
{
    private const string BertConfig = """{"model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522}""";

    static SettingsTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_owner_adds_a_member_and_creates_an_api_key_that_works_once_and_stops_when_revoked()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"owner-{suffix}@example.com";
        var member = $"member-{suffix}@example.com";
        var org = $"settings-{suffix}";
        using var ownerApi = portal.ApiAs(owner);
        await ownerApi.CreateOrganizationAsync(org, "Settings Lab");

        using var memberApi = portal.ApiAs(member);
        using (var before = await memberApi.GetAsync($"api/orgs/{org}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, owner);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/settings"));

        // A member added here can open the organization at once.
        await page.Locator(".dara-member-add-email input").FillAsync(member);
        await page.Locator(".dara-member-add-button").ClickAsync();
        await Expect(page.Locator(".dara-members-table")).ToContainTextAsync(member);
        using (var after = await memberApi.GetAsync($"api/orgs/{org}"))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        // An API key is shown once, works, and stops working when revoked.
        await page.Locator(".dara-api-key-name input").FillAsync("ci");
        await page.Locator(".dara-api-key-create-button").ClickAsync();
        var secret = await page.Locator(".dara-api-key-secret-value input").InputValueAsync();
        Assert.StartsWith($"dara_{org}_", secret, StringComparison.Ordinal);
        await page.Locator(".dara-api-key-secret-done").ClickAsync();
        await Expect(page.Locator(".dara-api-key-secret")).ToHaveCountAsync(0);
        await Expect(page.Locator(".dara-api-keys-table")).ToContainTextAsync("ci");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        using var keyApi = new HttpClient { BaseAddress = portal.Address };
        keyApi.DefaultRequestHeaders.Add("X-Api-Key", secret);
        using (var withKey = await keyApi.GetAsync($"api/orgs/{org}/models"))
        {
            Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        }

        await page.Locator(".dara-api-key-revoke").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(page.Locator(".dara-api-key-revoked")).ToHaveCountAsync(1);
        using (var revoked = await keyApi.GetAsync($"api/orgs/{org}/models"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        }
    }

    [Fact]
    public async Task A_member_asks_for_alerts_by_e_mail_on_the_settings_page_and_a_misnamed_upload_reaches_their_mailbox()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"mail-owner-{suffix}@example.com";
        var member = $"mail-member-{suffix}@example.com";
        var org = $"mail-{suffix}";
        using var ownerApi = portal.ApiAs(owner);
        await ownerApi.CreateOrganizationAsync(org, "Mail Lab");
        using (var added = await ownerApi.PutAsJsonAsync($"api/orgs/{org}/members/{member}", new { role = "viewer" }))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, member);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/settings"));

        await Expect(page.Locator(".dara-email-alerts-address")).ToHaveTextAsync(member);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Misnamed", Exact = true }).CheckAsync();
        await page.Locator(".dara-email-alerts-save").ClickAsync();
        await Expect(page.Locator(".dara-email-alerts-subscribers")).ToContainTextAsync($"{member} (misnamed)");
        await ownerApi.UploadConfigAsync(org, "acme/gpt2-news", BertConfig);

        var mail = Assert.Single(await portal.Mail.WaitForAsync(member, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal($"acme/gpt2-news looks misnamed ({org})", mail.Subject);
        Assert.Contains("architecture-mismatch", mail.Text, StringComparison.Ordinal);
        await page.Locator(".dara-email-alerts-test").ClickAsync();
        await Expect(page.Locator(".dara-email-alerts-deliveries tbody tr")).ToHaveCountAsync(2);
        await page.Locator(".dara-settings-alerts").ScreenshotAsync("alerts-email");
    }

    [Fact]
    public async Task The_policy_preview_says_which_of_the_organizations_models_its_average_is_over()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"preview-{suffix}@example.com";
        var org = $"preview-{suffix}";
        using (var api = portal.ApiAs(owner))
        {
            await api.CreateOrganizationAsync(org, "Preview Lab");
            await api.UploadConfigAsync(org, "acme/bert-base-uncased", BertConfig);
            await api.UploadConfigAsync(org, "acme/llama-7b", BertConfig);
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, owner);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/settings"));

        // It said "Average score" over a sample of the newest 25 as though over the whole organization.
        await Expect(page.Locator(".dara-policy-preview-average")).ToContainTextAsync("Average score of all 2 models:");
    }

    [Fact]
    public async Task The_webhook_secret_an_owner_makes_on_the_page_is_the_one_hub_deliveries_are_accepted_with_until_rotated_or_removed()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"hooks-{suffix}@example.com";
        var org = $"hooks-{suffix}";
        using (var api = portal.ApiAs(owner))
        {
            await api.CreateOrganizationAsync(org, "Hooks Lab");
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, owner);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/settings"));

        // The address to paste into the Hub, and no secret yet.
        var url = await page.Locator(".dara-hub-webhook-url-value input").InputValueAsync();
        Assert.Equal(portal.Url($"api/hooks/huggingface/{org}"), url);
        await Expect(page.Locator(".dara-hub-webhook-unset")).ToBeVisibleAsync();

        // Made on the page, shown once: the Hub's deliveries carrying it are accepted.
        await page.Locator(".dara-hub-webhook-generate").ClickAsync();
        var secret = await page.Locator(".dara-hub-webhook-secret-value input").InputValueAsync();
        await page.Locator(".dara-hub-webhook-secret-done").ClickAsync();
        await Expect(page.Locator(".dara-hub-webhook-secret")).ToHaveCountAsync(0);
        await Expect(page.Locator(".dara-hub-webhook-created")).ToContainTextAsync(owner);
        await Expect(page.Locator(".dara-hub-webhook-generate")).ToHaveTextAsync("Rotate secret", new() { IgnoreCase = true });
        await Expect(page.Locator(".dara-hub-webhook-generate")).ToBeEnabledAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, await DeliverAsync(url, secret));
        Assert.Equal(HttpStatusCode.Unauthorized, await DeliverAsync(url, secret + "x"));

        // Rotated after confirming: the old secret is refused at once, the new one accepted.
        await page.Locator(".dara-hub-webhook-generate").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Rotate", Exact = true }).ClickAsync();
        var rotated = await page.Locator(".dara-hub-webhook-secret-value input").InputValueAsync();
        await page.Locator(".dara-hub-webhook-secret-done").ClickAsync();
        await Expect(page.Locator(".dara-hub-webhook-secret")).ToHaveCountAsync(0);
        Assert.NotEqual(secret, rotated);
        Assert.Equal(HttpStatusCode.Unauthorized, await DeliverAsync(url, secret));
        Assert.Equal(HttpStatusCode.Accepted, await DeliverAsync(url, rotated));

        // Removed after confirming: every delivery is refused.
        await page.Locator(".dara-hub-webhook-remove").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(page.Locator(".dara-hub-webhook-unset")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await DeliverAsync(url, rotated));
    }

    [Fact]
    public async Task An_owner_demoted_while_the_settings_page_is_open_can_no_longer_remove_members_from_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var first = $"first-{suffix}@example.com";
        var second = $"second-{suffix}@example.com";
        var bystander = $"bystander-{suffix}@example.com";
        var org = $"demoted-{suffix}";
        using var firstApi = portal.ApiAs(first);
        await firstApi.CreateOrganizationAsync(org, "Demotion Lab");

        foreach (var (user, role) in new[] { (second, "owner"), (bystander, "viewer") })
        {
            using var added = await firstApi.PutAsJsonAsync($"api/orgs/{org}/members/{user}", new { role });
            Assert.True(added.IsSuccessStatusCode, $"adding {user}: {added.StatusCode}");
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, second);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/settings"));
        var remove = page.Locator($".dara-member[data-user='{bystander}'] .dara-member-remove");
        await Expect(remove).ToBeVisibleAsync();

        // The page still shows owner controls: it was loaded before the demotion.
        using (var demoted = await firstApi.PutAsJsonAsync($"api/orgs/{org}/members/{second}", new { role = "viewer" }))
        {
            Assert.True(demoted.IsSuccessStatusCode, $"demoting: {demoted.StatusCode}");
        }

        await remove.ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("no longer");
        await Expect(remove).ToHaveCountAsync(0);

        using var members = await firstApi.GetAsync($"api/orgs/{org}/members");
        Assert.Contains(bystander, await members.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Sends a Hub webhook delivery as the Hub does (the secret in its header); returns the answer's status.</summary>
    private static async Task<HttpStatusCode> DeliverAsync(string url, string secret)
    {
        const string payload = """{"event":{"action":"update","scope":"repo.content"},"repo":{"type":"model","name":"someone/model","id":"abc","headSha":null}}""";
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Webhook-Secret", secret);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
