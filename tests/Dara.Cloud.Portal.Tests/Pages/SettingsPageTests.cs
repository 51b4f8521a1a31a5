using System.Net;
using System.Net.Http.Json;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>The settings page as served (prerendered) to each role, over plain HTTP against the real app.</summary>
[Collection(PortalCollection.Name)]
public sealed class SettingsPageTests(PortalFactory portal)
{
    private const string Owner = "settings-page-owner@example.com";
    private const string Viewer = "settings-page-viewer@example.com";

    [Fact]
    public async Task Every_member_sees_the_hub_webhook_address_and_whether_a_secret_is_set_but_only_owners_get_its_controls()
    {
        var org = await portal.CreateOrgAsync(Owner, "hook-page");
        await portal.AddMemberAsync(org, Owner, Viewer, "viewer");
        var address = new Uri(portal.Address, $"/api/hooks/huggingface/{org}").ToString();

        var ownerBefore = await SettingsHtmlAsync(Owner, org);
        using var made = await portal.As(Owner).PostAsync($"/api/orgs/{org}/webhook-secret", null);
        var secret = (await made.Content.ReadFromJsonAsync<WebhookSecret>())!.Secret;
        var ownerAfter = await SettingsHtmlAsync(Owner, org);
        var viewerAfter = await SettingsHtmlAsync(Viewer, org);

        Assert.Contains(address, ownerBefore, StringComparison.Ordinal);
        Assert.Contains("dara-hub-webhook-unset", ownerBefore, StringComparison.Ordinal);
        Assert.Contains("Generate secret", ownerBefore, StringComparison.Ordinal);
        Assert.Contains("dara-hub-webhook-set", ownerAfter, StringComparison.Ordinal);
        Assert.Contains($"by {Owner}", ownerAfter, StringComparison.Ordinal);
        Assert.Contains("Rotate secret", ownerAfter, StringComparison.Ordinal);
        Assert.Contains("dara-hub-webhook-remove", ownerAfter, StringComparison.Ordinal);
        Assert.Contains(address, viewerAfter, StringComparison.Ordinal);
        Assert.Contains("dara-hub-webhook-set", viewerAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("dara-hub-webhook-generate", viewerAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("dara-hub-webhook-remove", viewerAfter, StringComparison.Ordinal);
        Assert.All([ownerAfter, viewerAfter], html => Assert.DoesNotContain(secret, html, StringComparison.Ordinal));
    }

    private async Task<string> SettingsHtmlAsync(string user, string org)
    {
        using var client = portal.As(user);
        using var response = await client.GetAsync($"/orgs/{org}/settings");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private sealed record WebhookSecret(string Secret);
}
