using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>
/// Outside Development the framework only logs a value it cannot bind unless told to throw: the API's answers must
/// still name the field, not be a bare "Bad Request".
/// </summary>
public sealed class ProductionBadInputTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    private HttpClient SignedIn() => portal.WithToken(portal.Token(new Dictionary<string, object>
    {
        ["preferred_username"] = "bad-input@contoso.example",
        ["email"] = "bad-input@contoso.example",
        ["xms_edov"] = true,
        ["oid"] = "0d7f6a2e-0000-4000-8000-00000000bad1",
        ["tid"] = "6b1e0a5c-0000-4000-8000-000000000001",
        ["scp"] = "access_as_user",
    }));

    [Fact]
    public async Task A_json_field_of_the_wrong_type_is_named_in_production_too()
    {
        using var client = SignedIn();

        using var response = await client.PostAsync("/api/orgs", new StringContent("""{"id": 5, "name": "Five"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]!["id"]);
    }

    [Fact]
    public async Task A_listing_number_that_is_no_number_is_named_in_production_too()
    {
        using var client = SignedIn();
        var id = portal.NewOrgId();
        using var created = await client.PostAsJsonAsync("/api/orgs", new { id, name = "Bad input" });

        using var response = await client.GetAsync($"/api/orgs/{id}/models?minScore=abc");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]!["minScore"]);
    }
}
