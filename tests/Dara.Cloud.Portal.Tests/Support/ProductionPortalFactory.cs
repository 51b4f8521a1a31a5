using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>
/// The portal in the Production environment: Entra ID through Microsoft.Identity.Web as configured in production,
/// except that tokens are checked against a local RSA key instead of Entra's published keys (no network here).
/// </summary>
public sealed class ProductionPortalFactory : PortalFactory
{
    public const string Issuer = "https://login.microsoftonline.com/6b1e0a5c-0000-4000-8000-000000000001/v2.0";
    public const string ClientId = "0f5e7a4c-0000-4000-8000-000000000002";

    private readonly RsaSecurityKey _signingKey = new(RSA.Create(2048)) { KeyId = "local-test-key" };

    protected override string Environment => "Production";

    /// <summary>A token signed with the trusted key (or <paramref name="key"/>), valid for an hour unless <paramref name="expires"/> says otherwise.</summary>
    public string Token(IReadOnlyDictionary<string, object> claims, DateTime? expires = null, SecurityKey? key = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            Claims = claims.ToDictionary(),
            IssuedAt = (expires ?? now.AddHours(1)).AddHours(-2),
            NotBefore = (expires ?? now.AddHours(1)).AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? _signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A client presenting <paramref name="token"/> as its bearer token.</summary>
    public HttpClient WithToken(string token) => WithKey(token);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("AzureAd:Instance", "https://login.microsoftonline.com/"),
        new("AzureAd:TenantId", "6b1e0a5c-0000-4000-8000-000000000001"),
        new("AzureAd:ClientId", ClientId),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Authority = null;
            options.MetadataAddress = string.Empty;
            options.ConfigurationManager = null;
            options.Configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            options.Configuration.SigningKeys.Add(_signingKey);
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = ClientId,
                IssuerSigningKey = _signingKey,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.Zero,
                NameClaimType = "preferred_username",
                RoleClaimType = ClaimTypes.Role,
            };
        }));
    }
}
