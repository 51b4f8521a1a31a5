using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// Organization API keys (for CI): <c>Authorization: Bearer dara_&lt;tenant&gt;_&lt;secret&gt;</c> or
/// <c>X-Api-Key: dara_…</c>. The organization named in the key checks the secret against its stored hashes; the
/// principal then belongs to exactly that organization, with the key's effective role (never above its creator's
/// current role), and to no other.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = "X-Api-Key";

    /// <summary>The key a request presents, if it presents one in either place.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(Header, out var header))
        {
            return header.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            && ApiKeyToken.LooksLikeKey(authorization[bearer.Length..].Trim())
            ? authorization[bearer.Length..].Trim()
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyToken.TryParse(presented, out var token))
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        // The key names its organization; only that organization's grain is asked, in its own tenant context.
        TenantContext.Set(token.Value.Tenant);
        var grant = await grains.GetGrain<IOrganizationGrain>(token.Value.Tenant.Value).AuthenticateApiKeyAsync(token.Value.Key);
        if (grant is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked, or its creator left the organization.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(DaraClaims.UserId, $"api-key:{token.Value.Tenant.Value}:{token.Value.Fingerprint}"),
                new Claim(DaraClaims.Organization, token.Value.Tenant.Value),
                new Claim(DaraClaims.Role, grant.Role.ToString()),
                new Claim(DaraClaims.ApiKeyId, grant.KeyId),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer realm=\"dara\", error=\"invalid_token\"");
        return base.HandleChallengeAsync(properties);
    }
}
