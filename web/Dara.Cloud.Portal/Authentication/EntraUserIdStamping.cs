using System.Security.Claims;
using Dara.Cloud.Portal.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Stamps the user id on Entra ID principals as their token is validated, after Microsoft.Identity.Web's own checks:
/// a bearer token at every request, the OpenID Connect sign-in once (the session cookie keeps the claim). A token that
/// names no account is refused.
/// </summary>
internal static class EntraUserIdStamping
{
    private const string NoAccount = "The token names no Entra account (tid and oid).";

    public static IServiceCollection StampUserIdsOnEntraTokens(this IServiceCollection services)
    {
        services.AddSingleton<EntraUserIds>();
        services.AddOptions<JwtBearerOptions>(DaraAuthenticationSchemes.EntraId).Configure<EntraUserIds>((options, users) =>
        {
            options.Events ??= new JwtBearerEvents();
            options.Events.OnTokenValidated = AfterIdentityWeb(options.Events.OnTokenValidated,
                context => context.Result is null ? StampAsync(users, context.Principal, context.Fail) : Task.CompletedTask);
        });
        services.AddOptions<OpenIdConnectOptions>(DaraAuthenticationSchemes.EntraIdSignIn).Configure<EntraUserIds>((options, users) =>
        {
            options.Events ??= new OpenIdConnectEvents();
            options.Events.OnTokenValidated = AfterIdentityWeb(options.Events.OnTokenValidated,
                context => context.Result is null ? StampAsync(users, context.Principal, context.Fail) : Task.CompletedTask);
        });
        return services;
    }

    // Identity.Web's handler runs first (its scope and issuer checks); a token it refused is not stamped.
    private static Func<TContext, Task> AfterIdentityWeb<TContext>(Func<TContext, Task> identityWeb, Func<TContext, Task> stamp) =>
        async context =>
        {
            await identityWeb(context);
            await stamp(context);
        };

    private static async Task StampAsync(EntraUserIds users, ClaimsPrincipal? principal, Action<string> fail)
    {
        if (principal is null || !await users.StampAsync(principal))
        {
            fail(NoAccount);
        }
    }
}
