namespace Dara.Cloud.Portal.Authentication;

/// <summary>Where people sign in and out, and which paths belong to the API rather than to the pages.</summary>
public static class SignInPaths
{
    /// <summary>The sign-in page (development users; a link to Entra ID when it is configured).</summary>
    public const string Page = "/signin";

    /// <summary>Starts Entra ID sign-in (OpenID Connect) and comes back to <c>returnUrl</c>.</summary>
    public const string EntraId = "/signin/entra";

    /// <summary>Ends the page session (POST, with an antiforgery token).</summary>
    public const string SignOut = "/signout";

    /// <summary>True for the HTTP API and its description: they answer 401/403, never a sign-in redirect.</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="returnUrl"/> when it is a path on this site, else the home page (no open redirects).</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
