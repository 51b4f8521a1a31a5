using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>A key acts for the member who created it: never above their current role, and not at all once they leave.</summary>
[Collection(PortalCollection.Name)]
public sealed class ApiKeyCreatorTests(PortalFactory portal)
{
    private const string Owner = "creator-owner@example.com";
    private const string Ada = "creator-ada@example.com";

    [Fact]
    public async Task A_key_made_by_an_owner_who_was_demoted_acts_as_a_reviewer()
    {
        var org = await OrgWithSecondOwnerAsync();
        using var key = portal.WithKey(await portal.CreateKeyAsync(org, Ada, "owner"));
        using var asOwner = await key.PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { "google" });

        await portal.AddMemberAsync(org, Owner, Ada, "reviewer");
        using var asDemoted = await key.PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { "meta" });
        using var mint = await key.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "escape", role = "owner" });
        using var upload = await key.UploadAsync(org, "acme/bert-base");
        var orgs = await key.GetFromJsonAsync<JsonArray>("/api/orgs");

        Assert.Equal(HttpStatusCode.OK, asOwner.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asDemoted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal("reviewer", orgs!.Single()!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_key_whose_creator_was_removed_is_refused_like_a_revoked_one()
    {
        var org = await OrgWithSecondOwnerAsync();
        using var key = portal.WithKey(await portal.CreateKeyAsync(org, Ada, "viewer"));
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync($"/api/orgs/{org}/models")).StatusCode);

        using (var owner = portal.As(Owner))
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/orgs/{org}/members/{Ada}")).StatusCode);
        }

        using var after = await key.GetAsync($"/api/orgs/{org}/models");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Keys_are_listed_with_their_creator_and_a_key_made_with_a_key_names_the_member_behind_it()
    {
        var org = await OrgWithSecondOwnerAsync();
        using var key = portal.WithKey(await portal.CreateKeyAsync(org, Ada, "owner", "provisioner"));

        using var made = await key.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "job", role = "reviewer" });
        var body = await made.ReadObjectAsync();
        using var owner = portal.As(Owner);
        var listing = (await owner.GetFromJsonAsync<JsonArray>($"/api/orgs/{org}/api-keys"))!;

        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.Equal(Ada, body["createdBy"]!.GetValue<string>());
        var provisioner = listing.Single(k => k!["name"]!.GetValue<string>() == "provisioner")!;
        var job = listing.Single(k => k!["name"]!.GetValue<string>() == "job")!;
        Assert.Equal((Ada, null), (provisioner["createdBy"]!.GetValue<string>(), provisioner["createdWithKey"]?.GetValue<string>()));
        Assert.Equal((Ada, provisioner["id"]!.GetValue<string>()), (job["createdBy"]!.GetValue<string>(), job["createdWithKey"]!.GetValue<string>()));
        Assert.False(job["creatorUnknown"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Revoking_a_key_revokes_the_keys_it_made()
    {
        var org = await OrgWithSecondOwnerAsync();
        using var owner = portal.As(Owner);
        using var created = await owner.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "leaked", role = "owner" });
        var leaked = await created.ReadObjectAsync();
        using var leakedClient = portal.WithKey(leaked["key"]!.GetValue<string>());
        using var minted = await leakedClient.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "minted", role = "owner" });
        using var mintedClient = portal.WithKey((await minted.ReadObjectAsync())["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await mintedClient.GetAsync($"/api/orgs/{org}/api-keys")).StatusCode);

        using var revoked = await owner.DeleteAsync($"/api/orgs/{org}/api-keys/{leaked["id"]!.GetValue<string>()}");
        using var after = await mintedClient.GetAsync($"/api/orgs/{org}/api-keys");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private async Task<string> OrgWithSecondOwnerAsync()
    {
        var org = await portal.CreateOrgAsync(Owner, "creator");
        await portal.AddMemberAsync(org, Owner, Ada, "owner");
        return org;
    }
}
