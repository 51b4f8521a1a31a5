using System.Net;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>Outside Development the sign-in page offers Entra ID only: no one can pick or type a user.</summary>
public sealed class ProductionSignInTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task The_sign_in_page_offers_microsoft_sign_in_and_no_development_users()
    {
        using var client = portal.Anonymous();

        using var response = await client.GetAsync("/signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Sign in with Microsoft", html, StringComparison.Ordinal);
        Assert.DoesNotContain("dara-sign-in-email", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Development sign-in", html, StringComparison.Ordinal);
    }
}
