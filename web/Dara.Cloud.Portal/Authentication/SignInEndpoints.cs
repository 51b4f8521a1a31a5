using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>Entra ID sign-in and sign-out for the pages (the development sign-in form is the <c>/signin</c> page itself).</summary>
internal static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var entraId = endpoints.ServiceProvider.GetRequiredService<IAuthenticationSchemeProvider>()
            .GetSchemeAsync(DaraAuthenticationSchemes.EntraIdSignIn).GetAwaiter().GetResult() is not null;
        if (entraId)
        {
            endpoints.MapGet(SignInPaths.EntraId, (string? returnUrl) => Results.Challenge(
                    new AuthenticationProperties { RedirectUri = SignInPaths.LocalOrHome(returnUrl) }, [DaraAuthenticationSchemes.EntraIdSignIn]))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        // A form post with the antiforgery token the layout renders, so another site cannot sign a user out.
        endpoints.MapPost(SignInPaths.SignOut, () => Results.SignOut(
                new AuthenticationProperties { RedirectUri = SignInPaths.Page },
                entraId ? [DaraAuthenticationSchemes.Cookie, DaraAuthenticationSchemes.EntraIdSignIn] : [DaraAuthenticationSchemes.Cookie]))
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        return endpoints;
    }
}
