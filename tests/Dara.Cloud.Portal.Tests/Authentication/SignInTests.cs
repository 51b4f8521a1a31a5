using System.Net;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Authentication;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFactory portal)
{
    [Theory]
    [InlineData("not an email")]
    [InlineData("Alice <alice@example.com>")]
    [InlineData("")]
    public async Task The_development_header_needs_exactly_one_plain_email_address(string value)
    {
        using var client = portal.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation(DevelopmentAuthenticationHandler.Header, value);

        using var response = await client.GetAsync("/api/orgs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("dara_acme_abcDEF-123_x", "acme")]
    [InlineData("dara_my-org-2_secret", "my-org-2")]
    public void A_key_names_its_organization(string key, string tenant)
    {
        Assert.True(ApiKeyToken.TryParse(key, out var token));
        Assert.Equal(tenant, token.Value.Tenant.Value);
        Assert.Equal(12, token.Value.Fingerprint.Length);
    }

    [Theory]
    [InlineData("dara_")]
    [InlineData("dara_acme_")]
    [InlineData("dara_ACME_secret")]
    [InlineData("dara_acme_with space")]
    [InlineData("bearer-token")]
    public void Anything_else_is_not_a_key(string text) => Assert.False(ApiKeyToken.TryParse(text, out _));
}
