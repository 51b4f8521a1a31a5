using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class OrganizationApiTests(PortalFactory portal)
{
    [Fact]
    public async Task Creating_an_organization_makes_the_caller_its_owner()
    {
        var id = portal.NewOrgId();
        using var client = portal.As("founder@example.com");

        using var created = await client.PostAsJsonAsync("/api/orgs", new { id, name = "Founders" });
        using var read = await client.GetAsync($"/api/orgs/{id}");
        using var members = await client.GetAsync($"/api/orgs/{id}/members");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/orgs/{id}", created.Headers.Location?.OriginalString);
        var body = await created.ReadObjectAsync();
        Assert.Equal(id, body["id"]!.GetValue<string>());
        Assert.Equal("owner", body["role"]!.GetValue<string>());
        Assert.Equal("Founders", (await read.ReadObjectAsync())["name"]!.GetValue<string>());
        var member = Assert.Single((await members.Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Equal("founder@example.com", member!["userId"]!.GetValue<string>());
        Assert.Equal("owner", member["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_organization_id_cannot_be_taken_twice()
    {
        var id = await portal.CreateOrgAsync("first@example.com");
        using var client = portal.As("second@example.com");

        using var response = await client.PostAsJsonAsync("/api/orgs", new { id, name = "Again" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var members = await portal.As("first@example.com").GetAsync($"/api/orgs/{id}/members");
        Assert.DoesNotContain("second@example.com", await members.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": "Bad_Id", "name": "x"}""", "id")]
    [InlineData("""{"id": "-dash-first", "name": "x"}""", "id")]
    [InlineData("""{"id": "fine-id", "name": ""}""", "name")]
    [InlineData("""{"id": "fine-id", "name": "Acme\u202Egnp.exe"}""", "name")]
    [InlineData("""{"id": "fine-id", "name": "a\u0000b"}""", "name")]
    public async Task An_invalid_organization_is_refused_with_the_field_named(string json, string field)
    {
        using var client = portal.As("founder@example.com");

        using var response = await client.PostAsync("/api/orgs", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]![field]);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        using var client = portal.As("founder@example.com");

        using var response = await client.PostAsync("/api/orgs", new StringContent("{\"id\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_user_lists_exactly_the_organizations_they_belong_to()
    {
        var mine = await portal.CreateOrgAsync("lister@example.com");
        var joined = await portal.CreateOrgAsync("other-owner@example.com");
        var notMine = await portal.CreateOrgAsync("other-owner@example.com");
        await portal.AddMemberAsync(joined, "other-owner@example.com", "lister@example.com", "viewer");

        var list = await portal.As("lister@example.com").GetFromJsonAsync<JsonArray>("/api/orgs");

        var roles = list!.ToDictionary(o => o!["id"]!.GetValue<string>(), o => o!["role"]!.GetValue<string>());
        Assert.Equal("owner", roles[mine]);
        Assert.Equal("viewer", roles[joined]);
        Assert.DoesNotContain(notMine, roles.Keys);
    }

    [Fact]
    public async Task An_unknown_organization_is_404_and_one_you_are_not_in_is_403()
    {
        var existing = await portal.CreateOrgAsync("owner@example.com");
        using var stranger = portal.As("stranger@example.com");

        using var unknown = await stranger.GetAsync($"/api/orgs/{portal.NewOrgId("nobody")}/models");
        using var malformed = await stranger.GetAsync("/api/orgs/NOT_AN_ID/models");
        using var forbidden = await stranger.GetAsync($"/api/orgs/{existing}/models");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Calls_without_credentials_are_401()
    {
        using var client = portal.Anonymous();

        using var list = await client.GetAsync("/api/orgs");
        using var create = await client.PostAsJsonAsync("/api/orgs", new { id = portal.NewOrgId(), name = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }

    [Fact]
    public async Task A_user_in_as_many_organizations_as_allowed_cannot_create_one_that_would_never_be_listed()
    {
        var user = $"joiner-{Guid.NewGuid():N}@example.com";
        var index = portal.Grains.GetGrain<IUserGrain>(user);
        for (var i = 0; i < IUserGrain.MaxOrganizations; i++)
        {
            await index.JoinAsync(new TenantId($"listed-{i}"));
        }

        var id = portal.NewOrgId();
        using var client = portal.As(user);
        using var refused = await client.PostAsJsonAsync("/api/orgs", new { id, name = "One too many" });
        var problem = await refused.ReadObjectAsync();
        using var missing = await client.GetAsync($"/api/orgs/{id}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("1000", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
