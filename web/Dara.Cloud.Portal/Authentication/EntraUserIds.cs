using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// Who an Entra ID principal is here. The account its token belongs to (tenant id and object id, which Microsoft never
/// changes or reuses) decides, through that account's grain (<see cref="IEntraAccountGrain"/>), which user it signs in
/// as. The addresses a token shows count once, to claim an e-mail address and the invitations sent to it, and only
/// when the token proves the address (<see cref="VerifiedEmail"/>).
/// </summary>
public sealed class EntraUserIds(IGrainFactory grains, IOptions<DaraAuthenticationOptions> options)
{
    /// <summary>The user id of an Entra principal, or null when its token names no account (no GUID <c>tid</c> and <c>oid</c>).</summary>
    public async Task<string?> ResolveAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!EntraAccount.TryCreate(principal.GetTenantId(), principal.GetObjectId(), out var account))
        {
            return null;
        }

        var verified = VerifiedEmail.Of(principal, account, options.Value.EmailDomainOwners);
        return await grains.GetGrain<IEntraAccountGrain>(account.UserId).SignInAsync(verified);
    }

    /// <summary>
    /// Stamps <paramref name="principal"/> with its user id (<see cref="DaraClaims.UserId"/>), dropping any claim of that
    /// name its token carried; false, and no user id, when the token names no account.
    /// </summary>
    public async Task<bool> StampAsync(ClaimsPrincipal principal)
    {
        var userId = await ResolveAsync(principal);
        foreach (var identity in principal.Identities)
        {
            foreach (var claim in identity.FindAll(DaraClaims.UserId).ToList())
            {
                identity.TryRemoveClaim(claim);
            }
        }

        if (userId is null)
        {
            return false;
        }

        principal.Identities.First().AddClaim(new Claim(DaraClaims.UserId, userId));
        return true;
    }
}
