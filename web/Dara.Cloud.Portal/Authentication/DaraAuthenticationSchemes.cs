using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>The authentication schemes of the portal and the API.</summary>
public static class DaraAuthenticationSchemes
{
    /// <summary>The default: a policy scheme that forwards each request to the scheme its headers ask for.</summary>
    public const string Selector = "Dara";

    /// <summary>Entra ID bearer tokens through Microsoft.Identity.Web.</summary>
    public const string EntraId = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Organization API keys (<c>Authorization: Bearer dara_…</c> or <c>X-Api-Key</c>).</summary>
    public const string ApiKey = "ApiKey";

    /// <summary><c>X-Dev-User: &lt;email&gt;</c> signs the caller in; registered only in the Development environment.</summary>
    public const string Development = "Development";

    /// <summary>
    /// The portal's pages: a session cookie, issued by Entra ID sign-in (OpenID Connect) or, in Development, by the
    /// development sign-in page. The API never reads it (no cookie-borne requests to forge).
    /// </summary>
    public const string Cookie = "Cookies";

    /// <summary>Entra ID sign-in for the pages (Microsoft.Identity.Web, OpenID Connect); its session lives in <see cref="Cookie"/>.</summary>
    public const string EntraIdSignIn = "OpenIdConnect";
}
