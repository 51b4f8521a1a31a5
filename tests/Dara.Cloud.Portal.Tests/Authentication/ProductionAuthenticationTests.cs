using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Dara.Cloud.Portal.Tests.Authentication;

/// <summary>Outside Development: Entra ID tokens and API keys sign callers in; the development header does not.</summary>
public sealed class ProductionAuthenticationTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    private const string ContosoTenant = "6b1e0a5c-0000-4000-8000-000000000001";

    /// <summary>A user's token claims: an address Entra says the tenant owns (<c>xms_edov</c>), unless <paramref name="verified"/> is false.</summary>
    private static Dictionary<string, object> UserClaims(string email, string tenant = ContosoTenant, bool verified = true, string? objectId = null) => new()
    {
        ["preferred_username"] = email,
        ["email"] = email,
        ["xms_edov"] = verified,
        ["oid"] = objectId ?? Guid.NewGuid().ToString(),
        ["tid"] = tenant,
        ["scp"] = "access_as_user",
    };

    /// <summary>Creates an organization as <paramref name="client"/>'s user (its owner) and returns its id.</summary>
    private async Task<string> CreateOrgAsync(HttpClient client)
    {
        var id = portal.NewOrgId();
        using var created = await client.PostAsJsonAsync("/api/orgs", new { id, name = $"Org {id}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return id;
    }

    [Fact]
    public async Task An_entra_id_token_that_proves_its_address_signs_the_user_in_as_that_address()
    {
        var email = $"Erin-{Guid.NewGuid():N}@Contoso.example";
        using var client = portal.WithToken(portal.Token(UserClaims(email)));
        var id = portal.NewOrgId();

        using var created = await client.PostAsJsonAsync("/api/orgs", new { id, name = "Contoso" });
        var members = await client.GetFromJsonAsync<JsonArray>($"/api/orgs/{id}/members");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(email.ToLowerInvariant(), Assert.Single(members!)!["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_of_another_tenant_showing_the_same_address_gets_none_of_that_users_organizations()
    {
        var email = $"alice-{Guid.NewGuid():N}@contoso.example";
        using var alice = portal.WithToken(portal.Token(UserClaims(email)));
        var id = await CreateOrgAsync(alice);

        using var impostor = portal.WithToken(portal.Token(UserClaims(email, tenant: Guid.NewGuid().ToString())));
        using var organization = await impostor.GetAsync($"/api/orgs/{id}");
        var listed = await impostor.GetFromJsonAsync<JsonArray>("/api/orgs");

        Assert.Equal(HttpStatusCode.Forbidden, organization.StatusCode);
        Assert.Empty(listed!);
    }

    [Fact]
    public async Task An_unverified_address_does_not_claim_an_invitation_and_a_verified_one_does()
    {
        var email = $"bob-{Guid.NewGuid():N}@contoso.example";
        using var owner = portal.WithToken(portal.Token(UserClaims($"owner-{Guid.NewGuid():N}@contoso.example")));
        var id = await CreateOrgAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/orgs/{id}/members/{email}", new { role = "viewer" })).StatusCode);
        var objectId = Guid.NewGuid().ToString();

        using var unverified = portal.WithToken(portal.Token(UserClaims(email, verified: false, objectId: objectId)));
        using var refused = await unverified.GetAsync($"/api/orgs/{id}");
        using var verified = portal.WithToken(portal.Token(UserClaims(email, objectId: objectId)));
        using var allowed = await verified.GetAsync($"/api/orgs/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("viewer", (await allowed.ReadObjectAsync())["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_naming_the_portals_own_claims_is_no_api_key_and_no_other_user()
    {
        var email = $"victim-{Guid.NewGuid():N}@contoso.example";
        using var victim = portal.WithToken(portal.Token(UserClaims(email)));
        var id = await CreateOrgAsync(victim);
        var forged = UserClaims($"mallory-{Guid.NewGuid():N}@elsewhere.example", tenant: Guid.NewGuid().ToString(), verified: false);
        forged["dara:user"] = email;
        forged["dara:org"] = id;
        forged["dara:role"] = "Owner";

        using var response = await portal.WithToken(portal.Token(forged)).GetAsync($"/api/orgs/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Tokens_without_a_scope_expired_or_signed_by_another_key_are_401()
    {
        var noScope = UserClaims("erin@contoso.example");
        noScope.Remove("scp");
        var tokens = new[]
        {
            portal.Token(noScope),
            portal.Token(UserClaims("erin@contoso.example"), expires: DateTime.UtcNow.AddMinutes(-5)),
            portal.Token(UserClaims("erin@contoso.example"), key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "local-test-key" }),
            "not.a.token",
        };

        foreach (var token in tokens)
        {
            using var response = await portal.WithToken(token).GetAsync("/api/orgs");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_development_header_is_ignored_outside_development()
    {
        using var response = await portal.As("anyone@example.com").GetAsync("/api/orgs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Organization_api_keys_work_in_production()
    {
        using var user = portal.WithToken(portal.Token(UserClaims("ci-admin@contoso.example")));
        var id = portal.NewOrgId();
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsJsonAsync("/api/orgs", new { id, name = "CI" })).StatusCode);
        using var created = await user.PostAsJsonAsync($"/api/orgs/{id}/api-keys", new { name = "ci", role = "reviewer" });
        var key = (await created.ReadObjectAsync())["key"]!.GetValue<string>();

        using var upload = await portal.WithKey(key).UploadAsync(id, "contoso/bert-base");

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    [Theory]
    [InlineData("Production", true, "DevelopmentSignIn")]
    [InlineData("Staging", true, "DevelopmentSignIn")]
    [InlineData("Production", false, "AzureAd:ClientId")]
    public void The_app_refuses_to_start_with_an_unsafe_sign_in_configuration(string environment, bool developmentSignIn, string named)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Dara:Authentication:DevelopmentSignIn", developmentSignIn ? "true" : "false");
            builder.UseSetting("Dara:DataDirectory", Path.Combine(Path.GetTempPath(), $"dara-refused-{Guid.NewGuid():N}"));
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
