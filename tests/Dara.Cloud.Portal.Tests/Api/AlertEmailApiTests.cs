using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>
/// <c>/api/orgs/{org}/alerts/email</c>: a member asks for the alerts by e-mail, at the address they signed in with, and a
/// misnamed upload reaches them through the deployment's mail server.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AlertEmailApiTests(PortalFactory portal)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_viewer_who_asks_for_e_mail_gets_a_misnamed_upload_at_the_address_they_signed_in_with()
    {
        var (org, owner) = await OrganizationAsync();
        var viewer = $"viewer-{Guid.NewGuid():N}@example.com";
        await portal.AddMemberAsync(org, owner, viewer, "viewer");
        using var asViewer = portal.As(viewer);
        using var asOwner = portal.As(owner);

        using var subscribed = await asViewer.PutAsJsonAsync($"/api/orgs/{org}/alerts/email", new { minimumVerdict = "misnamed" });
        using var upload = await asOwner.UploadAsync(org, "acme/gpt2-sentiment");

        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        var subscription = await subscribed.ReadObjectAsync();
        Assert.Equal((viewer, "misnamed"), (subscription["address"]!.GetValue<string>(), subscription["minimumVerdict"]!.GetValue<string>()));
        var mail = Assert.Single(await portal.Mail.WaitForAsync(viewer, 1, Wait));
        Assert.Equal($"acme/gpt2-sentiment looks misnamed ({org})", mail.Subject);
        Assert.Contains("acme/gpt2-sentiment: misnamed", mail.Text, StringComparison.Ordinal);

        var status = await Eventually.ReadAsync(() => asOwner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/alerts")!, s => s!["email"]!["deliveries"]!.AsArray().Count > 0);
        var email = status!["email"]!;
        Assert.True(email["available"]!.GetValue<bool>());
        Assert.Equal([viewer], email["subscriptions"]!.AsArray().Select(s => s!["address"]!.GetValue<string>()));
        var delivery = email["deliveries"]!.AsArray().Single()!;
        Assert.Equal((viewer, true, 1), (delivery["address"]!.GetValue<string>(), delivery["delivered"]!.GetValue<bool>(), delivery["models"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_test_e_mail_goes_to_a_subscribed_member_and_unsubscribing_twice_is_not_found_the_second_time()
    {
        var (org, owner) = await OrganizationAsync();
        using var asOwner = portal.As(owner);

        using var untested = await asOwner.PostAsync($"/api/orgs/{org}/alerts/email/test", null);
        (await asOwner.PutAsync($"/api/orgs/{org}/alerts/email", null)).Dispose();
        using var tested = await asOwner.PostAsync($"/api/orgs/{org}/alerts/email/test", null);
        using var unsubscribed = await asOwner.DeleteAsync($"/api/orgs/{org}/alerts/email");
        using var again = await asOwner.DeleteAsync($"/api/orgs/{org}/alerts/email");

        Assert.Equal(HttpStatusCode.NotFound, untested.StatusCode);
        var delivery = await tested.ReadObjectAsync();
        Assert.Equal((true, 0, owner), (delivery["delivered"]!.GetValue<bool>(), delivery["models"]!.GetValue<int>(), delivery["address"]!.GetValue<string>()));
        Assert.Equal($"Test of the Dara.Cloud alerts of {org}", Assert.Single(await portal.Mail.WaitForAsync(owner, 1, Wait)).Subject);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (unsubscribed.StatusCode, again.StatusCode));
        Assert.Empty((await asOwner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/alerts"))!["email"]!["subscriptions"]!.AsArray());
    }

    [Fact]
    public async Task An_api_key_cannot_ask_for_e_mail_because_it_has_no_mailbox()
    {
        var (org, owner) = await OrganizationAsync();
        using var key = portal.WithKey(await portal.CreateKeyAsync(org, owner, "owner"));

        using var response = await key.PutAsJsonAsync($"/api/orgs/{org}/alerts/email", new { minimumVerdict = "misnamed" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("API key has no mailbox", (await response.ReadObjectAsync())["errors"]!["email"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"minimumVerdict\":\"ok\"}", "minimumVerdict")]
    [InlineData("{\"minimumVerdict\":7}", "minimumVerdict")]
    public async Task A_threshold_that_is_not_a_verdict_alerts_start_at_is_a_validation_problem(string json, string field)
    {
        var (org, owner) = await OrganizationAsync();
        using var asOwner = portal.As(owner);

        using var response = await asOwner.PutAsync($"/api/orgs/{org}/alerts/email", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]![field]);
    }

    /// <summary>A new organization with an owner of its own address: the mail server is shared by every test.</summary>
    private async Task<(string Org, string Owner)> OrganizationAsync()
    {
        var owner = $"owner-{Guid.NewGuid():N}@example.com";
        return (await portal.CreateOrgAsync(owner), owner);
    }
}
