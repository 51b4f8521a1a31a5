using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>Members, policy and watched authors: members read them, owners change them.</summary>
[Collection(PortalCollection.Name)]
public sealed class AdministrationApiTests(PortalFactory portal)
{
    private const string Owner = "admin-owner@example.com";

    [Fact]
    public async Task Owners_add_change_and_remove_members()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var added = await owner.PutAsJsonAsync($"/api/orgs/{org}/members/Carol@Example.com", new { role = "reviewer" });
        using var promoted = await owner.PutAsJsonAsync($"/api/orgs/{org}/members/carol@example.com", new { role = "owner" });
        var carolsOrgs = await portal.As("carol@example.com").GetFromJsonAsync<JsonArray>("/api/orgs");
        using var removed = await owner.DeleteAsync($"/api/orgs/{org}/members/carol@example.com");
        using var afterwards = await portal.As("carol@example.com").GetAsync($"/api/orgs/{org}/models");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var carol = (await added.Content.ReadFromJsonAsync<JsonArray>())!.Single(m => m!["userId"]!.GetValue<string>() == "carol@example.com");
        Assert.Equal("reviewer", carol!["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Contains(carolsOrgs!, o => o!["id"]!.GetValue<string>() == org && o["role"]!.GetValue<string>() == "owner");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, afterwards.StatusCode);
        Assert.DoesNotContain(await portal.As("carol@example.com").GetFromJsonAsync<JsonArray>("/api/orgs") ?? [], o => o!["id"]!.GetValue<string>() == org);
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_demoted_nor_removed()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var demote = await owner.PutAsJsonAsync($"/api/orgs/{org}/members/{Owner}", new { role = "viewer" });
        using var remove = await owner.DeleteAsync($"/api/orgs/{org}/members/{Owner}");
        using var unknown = await owner.DeleteAsync($"/api/orgs/{org}/members/nobody@example.com");

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("not-an-email", "reviewer", "userId")]
    [InlineData("dave@example.com", "admin", null)]
    public async Task Invalid_members_are_refused(string userId, string role, string? field)
    {
        var org = await portal.CreateOrgAsync(Owner);

        using var response = await portal.As(Owner).PutAsJsonAsync($"/api/orgs/{org}/members/{userId}", new { role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (field is not null)
        {
            Assert.NotNull((await response.ReadObjectAsync())["errors"]![field]);
        }
    }

    [Fact]
    public async Task Viewers_and_reviewers_read_the_administration_but_only_owners_change_it()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, "viewer@example.com", "viewer");
        await portal.AddMemberAsync(org, Owner, "reviewer@example.com", "reviewer");
        var policy = await portal.As(Owner).GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/policy");

        foreach (var member in new[] { "viewer@example.com", "reviewer@example.com" })
        {
            using var client = portal.As(member);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/orgs/{org}/members")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/orgs/{org}/policy")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/orgs/{org}/watched-authors")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/orgs/{org}/stats")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/orgs/{org}/members/x@example.com", new { role = "owner" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/orgs/{org}/policy", policy)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { "google" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/orgs/{org}/api-keys")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/orgs/{org}/api-keys", new { name = "x", role = "owner" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/orgs/{org}/webhook-secret", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/orgs/{org}/webhook-secret")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/orgs/{org}/webhook-secret")).StatusCode);
        }

        var members = await portal.As(Owner).GetFromJsonAsync<JsonArray>($"/api/orgs/{org}/members");
        Assert.Equal(3, members!.Count);
    }

    [Fact]
    public async Task An_owner_replaces_the_policy_and_reads_it_back()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        var policy = new
        {
            requireArchitecture = true,
            requireTaskForFineTuned = true,
            requireSize = true,
            order = new[] { "a", "S", "T" },
            separator = "-",
            lowercase = true,
            maxLength = 64,
            forbiddenWords = new[] { "final", " final ", "" },
            severity = "Warning",
        };

        using var put = await owner.PutAsJsonAsync($"/api/orgs/{org}/policy", policy);
        var read = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/policy");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["A", "S", "T"], read!["order"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("warning", read["severity"]!.GetValue<string>());
        Assert.Equal(["final"], read["forbiddenWords"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(read["requireSize"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_invalid_policy_is_refused_naming_every_bad_field()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var policy = new
        {
            requireArchitecture = true,
            requireTaskForFineTuned = true,
            requireSize = false,
            order = new[] { "A", "ZZ" },
            separator = "::",
            lowercase = false,
            maxLength = 2,
            forbiddenWords = Array.Empty<string>(),
            severity = "fatal",
        };

        using var response = await portal.As(Owner).PutAsJsonAsync($"/api/orgs/{org}/policy", policy);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["maxLength", "order", "separator", "severity"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_policy_missing_a_switch_is_refused_rather_than_switching_it_off()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        var policy = new { order = new[] { "A" }, separator = "-", maxLength = 96, forbiddenWords = Array.Empty<string>(), severity = "info" };

        using var response = await owner.PutAsJsonAsync($"/api/orgs/{org}/policy", policy);
        var read = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/policy");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["lowercase", "requireArchitecture", "requireSize", "requireTaskForFineTuned"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.True(read!["requireArchitecture"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("999")]
    [InlineData("A, S")]
    [InlineData(" a ")]
    public async Task An_element_code_that_is_no_code_name_is_refused_naming_the_order(string code)
    {
        var org = await portal.CreateOrgAsync(Owner);
        var policy = new
        {
            requireArchitecture = true, requireTaskForFineTuned = true, requireSize = false, order = new[] { code }, separator = "-",
            lowercase = false, maxLength = 96, forbiddenWords = Array.Empty<string>(), severity = "info",
        };

        using var response = await portal.As(Owner).PutAsJsonAsync($"/api/orgs/{org}/policy", policy);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["order"], (await response.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Watched_authors_are_validated_and_deduplicated()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var bad = await owner.PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { "google", "not/an-author" });
        using var good = await owner.PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { "google", "Google", "meta-llama" });
        var read = await owner.GetFromJsonAsync<string[]>($"/api/orgs/{org}/watched-authors");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(["google", "meta-llama"], read!);
    }
}
