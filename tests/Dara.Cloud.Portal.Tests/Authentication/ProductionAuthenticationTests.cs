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
    private static Dictionary<string, object> UserClaims(string email) => new()
    {
        ["preferred_username"] = email,
        ["oid"] = Guid.NewGuid().ToString(),
        ["tid"] = "6b1e0a5c-0000-4000-8000-000000000001",
        ["scp"] = "access_as_user",
    };

    [Fact]
    public async Task An_entra_id_token_signs_the_user_in_by_their_sign_in_name()
    {
        using var client = portal.WithToken(portal.Token(UserClaims("Erin@Contoso.example")));
        var id = portal.NewOrgId();

        using var created = await client.PostAsJsonAsync("/api/orgs", new { id, name = "Contoso" });
        var members = await client.GetFromJsonAsync<JsonArray>($"/api/orgs/{id}/members");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("erin@contoso.example", Assert.Single(members!)!["userId"]!.GetValue<string>());
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
