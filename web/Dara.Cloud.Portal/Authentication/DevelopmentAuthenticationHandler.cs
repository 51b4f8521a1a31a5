using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// Development sign-in: the header <c>X-Dev-User: &lt;email&gt;</c> makes the caller that user, no password asked.
/// Registered only in the Development environment (<see cref="DaraAuthenticationOptions"/> refuses it elsewhere),
/// so curl sessions and local tests need no identity provider.
/// </summary>
public sealed class DevelopmentAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = "X-Dev-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || EmailAddresses.Normalize(values.ToString()) is not { } userId)
        {
            return Task.FromResult(AuthenticateResult.Fail($"{Header} must hold one e-mail address."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(DaraClaims.UserId, userId), new Claim(ClaimTypes.Email, userId), new Claim(ClaimTypes.Name, userId)],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
