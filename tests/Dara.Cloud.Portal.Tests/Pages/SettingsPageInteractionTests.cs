using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dara.Cloud.Portal.Components.Pages;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>The settings page rendered as in a circuit over the embedded silo: its controls act on the real grains.</summary>
[Collection(PortalCollection.Name)]
public sealed class SettingsPageInteractionTests(PortalFactory portal) : IAsyncLifetime
{
    private const string Owner = "settings-circuit-owner@example.com";

    private readonly PortalPages _pages = new(portal);

    [Fact]
    public async Task An_owner_polls_now_and_the_pages_status_shows_what_the_poll_registered_then_the_hubs_failure_as_an_alert()
    {
        var org = await portal.CreateOrgAsync(Owner, "settings-poll");
        var author = $"w{Guid.NewGuid():N}"[..10];
        portal.Hub.AddModel($"{author}/bert-base", new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(ApiCalls.BertConfig) });
        using (var watched = await portal.As(Owner).PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { author }))
        {
            Assert.Equal(HttpStatusCode.OK, watched.StatusCode);
        }

        var settings = _pages.Render<Settings>(org, Owner);
        settings.WaitForAssertion(() => Assert.Contains("none yet", settings.Find(".dara-watcher-last-poll").TextContent, StringComparison.Ordinal));
        await settings.ClickAsync(".dara-watcher-poll");

        settings.WaitForAssertion(() => Assert.Equal("Polled just now: 1 model registered or updated.", settings.Find(".dara-watcher-poll-outcome").TextContent));
        Assert.Equal("just now", settings.Find(".dara-watcher-last-poll time").TextContent);
        Assert.Equal("1 model registered or updated so far", settings.Find(".dara-watcher-registered").TextContent.Trim());
        Assert.Empty(settings.FindAll(".dara-watcher-error"));

        portal.Hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: 1, pathContains: "/api/models");
        await settings.ClickAsync(".dara-watcher-poll");

        settings.WaitForAssertion(() => Assert.Equal("Polled just now, with the error above.", settings.Find(".dara-watcher-poll-outcome").TextContent));
        Assert.Contains(author, settings.Find(".dara-watcher-error").TextContent, StringComparison.Ordinal);
        Assert.Contains("503", settings.Find(".dara-watcher-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_adds_an_entra_account_by_its_id_and_it_becomes_a_member_of_the_organization()
    {
        var org = await portal.CreateOrgAsync(Owner, "settings-entra");
        var account = $"entra:{Guid.NewGuid()}:{Guid.NewGuid()}";
        var settings = _pages.Render<Settings>(org, Owner);
        settings.WaitForAssertion(() => Assert.NotEmpty(settings.FindAll(".dara-member-add-email input")));

        await settings.InputAsync(".dara-member-add-email input", account.ToUpperInvariant());
        settings.WaitForAssertion(() => Assert.False(settings.Find(".dara-member-add-button").HasAttribute("disabled")));
        await settings.ClickAsync(".dara-member-add-button");

        settings.WaitForAssertion(() => Assert.Single(settings.FindAll($".dara-member[data-user='{account}']")));
        using var _ = TenantContext.Enter(new TenantId(org));
        Assert.Equal(OrgRole.Viewer, await portal.Grains.GetGrain<IOrganizationGrain>(org).GetRoleAsync(account));
        Assert.Contains(new TenantId(org), await portal.Grains.GetGrain<IUserGrain>(account).GetOrganizationsAsync());
    }

    [Fact]
    public async Task A_viewer_asks_for_e_mail_on_the_page_and_the_next_misnamed_upload_reaches_their_mailbox()
    {
        var viewer = $"settings-viewer-{Guid.NewGuid():N}@example.com";
        var org = await portal.CreateOrgAsync(Owner, "settings-email");
        await portal.AddMemberAsync(org, Owner, viewer, "viewer");
        var settings = _pages.Render<Settings>(org, viewer);
        settings.WaitForAssertion(() => Assert.Equal(viewer, settings.Find(".dara-email-alerts-address").TextContent));

        await settings.ClickAsync(".dara-email-alerts-choice-misnamed input");
        await settings.ClickAsync(".dara-email-alerts-save");
        settings.WaitForAssertion(() => Assert.Contains($"E-mailed to: {viewer} (misnamed)", settings.Find(".dara-email-alerts-subscribers").TextContent, StringComparison.Ordinal));
        using (var upload = await portal.As(Owner).UploadAsync(org, "acme/gpt2-sentiment"))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var mail = Assert.Single(await portal.Mail.WaitForAsync(viewer, 1, TimeSpan.FromSeconds(20)));
        Assert.Equal($"acme/gpt2-sentiment looks misnamed ({org})", mail.Subject);
        await settings.ClickAsync(".dara-email-alerts-test");
        settings.WaitForAssertion(() => Assert.Equal(2, settings.FindAll(".dara-email-alerts-deliveries tbody tr").Count));
        Assert.Equal(2, portal.Mail.To(viewer).Count);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pages.DisposeAsync();
}
