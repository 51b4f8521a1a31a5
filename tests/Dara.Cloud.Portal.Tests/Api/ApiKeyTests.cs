using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>Organization API keys: random, shown once, stored hashed, revocable, good for one organization only.</summary>
[Collection(PortalCollection.Name)]
public sealed class ApiKeyTests(PortalFactory portal)
{
    private const string Owner = "keys-owner@example.com";

    [Fact]
    public async Task A_key_is_shown_once_and_listed_without_its_secret()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var created = await owner.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "ci", role = "reviewer" });
        var body = await created.ReadObjectAsync();
        var key = body["key"]!.GetValue<string>();
        var listing = await owner.GetStringAsync($"/api/orgs/{org}/api-keys");
        var other = await portal.CreateKeyAsync(org, Owner, "reviewer");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith($"dara_{org}_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= $"dara_{org}_".Length + 40);
        Assert.NotEqual(key, other);
        Assert.Equal("reviewer", body["role"]!.GetValue<string>());
        Assert.DoesNotContain(key[$"dara_{org}_".Length..], listing, StringComparison.Ordinal);
        var listed = Assert.Single(JsonNode.Parse(listing)!.AsArray(), k => k!["id"]!.GetValue<string>() == body["id"]!.GetValue<string>());
        Assert.False(listed!["revoked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_key_acts_in_its_organization_with_its_role_by_bearer_or_header()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var viewerKey = await portal.CreateKeyAsync(org, Owner, "viewer");
        var reviewerKey = await portal.CreateKeyAsync(org, Owner, "reviewer");
        using var viewer = portal.WithKey(viewerKey);
        using var reviewer = portal.Anonymous();
        reviewer.DefaultRequestHeaders.Add("X-Api-Key", reviewerKey);

        using var read = await viewer.GetAsync($"/api/orgs/{org}/models");
        using var viewerUpload = await viewer.UploadAsync(org, "acme/bert-base");
        using var reviewerUpload = await reviewer.UploadAsync(org, "acme/bert-base");
        using var reviewerAdmin = await reviewer.PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { "google" });
        var orgs = await viewer.GetFromJsonAsync<JsonArray>("/api/orgs");
        using var createOrg = await viewer.PostAsJsonAsync("/api/orgs", new { id = portal.NewOrgId(), name = "by key" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerUpload.StatusCode);
        Assert.Equal(HttpStatusCode.Created, reviewerUpload.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reviewerAdmin.StatusCode);
        Assert.Equal([org], orgs!.Select(o => o!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, createOrg.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        using var created = await owner.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "ci", role = "viewer" });
        var body = await created.ReadObjectAsync();
        using var client = portal.WithKey(body["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/orgs/{org}/models")).StatusCode);

        using var revoked = await owner.DeleteAsync($"/api/orgs/{org}/api-keys/{body["id"]!.GetValue<string>()}");
        using var after = await client.GetAsync($"/api/orgs/{org}/models");
        using var again = await owner.DeleteAsync($"/api/orgs/{org}/api-keys/no-such-key");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var listed = (await owner.GetFromJsonAsync<JsonArray>($"/api/orgs/{org}/api-keys"))!.Single(k => k!["id"]!.GetValue<string>() == body["id"]!.GetValue<string>());
        Assert.True(listed!["revoked"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("dara_")]
    [InlineData("dara_nosecret")]
    [InlineData("dara_BAD_x")]
    [InlineData("not-a-key")]
    public async Task A_malformed_key_is_401(string key)
    {
        using var client = portal.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        using var response = await client.GetAsync("/api/orgs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_listed_as_revoked_and_refused()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        using var created = await owner.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "ci", role = "owner" });
        var body = await created.ReadObjectAsync();
        var key = body["key"]!.GetValue<string>();
        var id = body["id"]!.GetValue<string>();
        using var byHeader = portal.Anonymous();
        byHeader.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var byBearer = portal.WithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await byBearer.GetAsync($"/api/orgs/{org}/api-keys")).StatusCode);

        using var revoked = await owner.DeleteAsync($"/api/orgs/{org}/api-keys/{id}");
        using var revokedAgain = await owner.DeleteAsync($"/api/orgs/{org}/api-keys/{id}");
        var listed = (await owner.GetFromJsonAsync<JsonArray>($"/api/orgs/{org}/api-keys"))!.Single(k => k!["id"]!.GetValue<string>() == id)!;

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revokedAgain.StatusCode);
        Assert.True(listed["revoked"]!.GetValue<bool>());
        Assert.Equal(Owner, listed["revokedBy"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - listed["revokedAt"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(5));
        foreach (var client in new[] { byHeader, byBearer })
        {
            using var models = await client.GetAsync($"/api/orgs/{org}/models");
            using var orgs = await client.GetAsync("/api/orgs");
            using var upload = await client.UploadAsync(org, "acme/bert-base");
            using var newKey = await client.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "again", role = "owner" });
            Assert.All([models, orgs, upload, newKey], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        }
    }
}
