using System.Net;
using System.Net.Http.Json;
using System.Text;
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

    [Fact]
    public async Task The_watchers_held_back_models_reach_every_members_settings_page_but_only_owners_can_poll_now()
    {
        var org = await portal.CreateOrgAsync(Owner, "watcher-page");
        await portal.AddMemberAsync(org, Owner, Viewer, "viewer");
        await portal.AddIndexedModelsAsync(org, PortalFactory.MaxModels);
        var author = $"h{Guid.NewGuid():N}"[..10];
        portal.Hub.AddModel($"{author}/bert-new", new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(ApiCalls.BertConfig) });
        using (var watched = await portal.As(Owner).PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { author }))
        {
            Assert.Equal(HttpStatusCode.OK, watched.StatusCode);
        }

        using (TenantContext.Enter(new TenantId(org)))
        {
            await portal.Grains.GetGrain<IRegistryWatcherGrain>(org).PollNowAsync();
        }

        var owner = await SettingsHtmlAsync(Owner, org);
        var viewer = await SettingsHtmlAsync(Viewer, org);

        Assert.All([owner, viewer], html =>
        {
            Assert.Contains("dara-watcher-limit", html, StringComparison.Ordinal);
            Assert.Contains($"limit of {PortalFactory.MaxModels} models", html, StringComparison.Ordinal);
            Assert.Contains("dara-watcher-last-poll", html, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("Poll now", viewer, StringComparison.Ordinal);
        Assert.Contains("Poll now", owner, StringComparison.Ordinal);
    }

    private Task<string> SettingsHtmlAsync(string user, string org) => portal.PageHtmlAsync(user, $"/orgs/{org}/settings");

    private sealed record WebhookSecret(string Secret);
}
