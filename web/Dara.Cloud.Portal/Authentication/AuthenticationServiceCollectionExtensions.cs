using Dara.Cloud.Portal.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Identity.Web;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the portal's authentication: Entra ID bearer tokens and sign-in, organization API keys, development sign-in.</summary>
public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>How long a page session lasts without use before the user signs in again.</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromHours(8);

    /// <summary>
    /// Entra ID (Microsoft.Identity.Web, section <c>AzureAd</c>) whenever it is configured and always outside
    /// Development: bearer tokens for the API, OpenID Connect sign-in for the pages. API keys always. <c>X-Dev-User</c>
    /// and the development sign-in page only when <c>Dara:Authentication:DevelopmentSignIn</c> is set, which is refused
    /// (the app does not start) outside the Development environment.
    /// </summary>
    public static IHostApplicationBuilder AddDaraAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(DaraAuthenticationOptions.Section).Get<DaraAuthenticationOptions>() ?? new();
        var development = builder.Environment.IsDevelopment();
        if (options.DevelopmentSignIn && !development)
        {
            throw new InvalidOperationException(
                $"{DaraAuthenticationOptions.Section}:DevelopmentSignIn is set in the '{builder.Environment.EnvironmentName}' environment. " +
                "Development sign-in (X-Dev-User) lets anyone be anyone; it is allowed only in the Development environment.");
        }

        var azureAd = builder.Configuration.GetSection("AzureAd");
        var entraId = azureAd.Exists() || !development;
        if (entraId && string.IsNullOrWhiteSpace(azureAd["ClientId"]))
        {
            throw new InvalidOperationException(
                "AzureAd:ClientId is not configured. Outside Development the API signs people in with Entra ID: set AzureAd:Instance, " +
                "AzureAd:TenantId and AzureAd:ClientId (or run in the Development environment with Dara:Authentication:DevelopmentSignIn).");
        }

        builder.Services.AddOptions<DaraAuthenticationOptions>().BindConfiguration(DaraAuthenticationOptions.Section)
            .Validate(o => o.EmailDomainOwners.All(owner => owner.IsValid),
                $"{DaraAuthenticationOptions.Section}:EmailDomainOwners: give each entry a Domain (contoso.com) and an Entra TenantId (a GUID).")
            .ValidateOnStart();
        var authentication = builder.Services.AddAuthentication(DaraAuthenticationSchemes.Selector);
        authentication.AddPolicyScheme(DaraAuthenticationSchemes.Selector, "Dara", policy =>
            policy.ForwardDefaultSelector = context => SchemeFor(context.Request, options.DevelopmentSignIn, entraId));
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(DaraAuthenticationSchemes.ApiKey, null);
        if (options.DevelopmentSignIn)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, DevelopmentAuthenticationHandler>(DaraAuthenticationSchemes.Development, null);
        }

        if (entraId)
        {
            authentication.AddMicrosoftIdentityWebApi(azureAd, DaraAuthenticationSchemes.EntraId);
            authentication.AddMicrosoftIdentityWebApp(azureAd, DaraAuthenticationSchemes.EntraIdSignIn, DaraAuthenticationSchemes.Cookie);
            builder.Services.StampUserIdsOnEntraTokens();
        }
        else
        {
            authentication.AddCookie(DaraAuthenticationSchemes.Cookie);
        }

        builder.Services.Configure<CookieAuthenticationOptions>(DaraAuthenticationSchemes.Cookie, cookie =>
        {
            cookie.Cookie.Name = "dara.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = SessionIdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = SignInPaths.Page;
            cookie.LogoutPath = SignInPaths.SignOut;

            // With no development sign-in, a page that needs a user goes straight to Entra ID.
            if (entraId && !options.DevelopmentSignIn)
            {
                cookie.ForwardChallenge = DaraAuthenticationSchemes.EntraIdSignIn;
            }
        });
        return builder;
    }

    // The headers and the path decide which scheme reads a request; a scheme that is not registered is never chosen,
    // so outside Development an X-Dev-User header goes to Entra ID and, with no token, is answered 401. Pages (anything
    // outside the API) read the session cookie, and a challenge there leads to a sign-in page, not a bare 401.
    private static string SchemeFor(HttpRequest request, bool developmentSignIn, bool entraId) =>
        ApiKeyAuthenticationHandler.PresentedKey(request) is not null ? DaraAuthenticationSchemes.ApiKey
        : developmentSignIn && request.Headers.ContainsKey(DevelopmentAuthenticationHandler.Header) ? DaraAuthenticationSchemes.Development
        : !SignInPaths.IsApi(request.Path) ? DaraAuthenticationSchemes.Cookie
        : entraId ? DaraAuthenticationSchemes.EntraId
        : developmentSignIn ? DaraAuthenticationSchemes.Development
        : DaraAuthenticationSchemes.ApiKey;
}
