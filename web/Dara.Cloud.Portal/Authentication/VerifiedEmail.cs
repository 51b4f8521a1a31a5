using System.Security.Claims;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// The e-mail address an Entra token proves, if any. A multi-tenant app accepts tokens of every tenant, and each
/// tenant's admins set its users' <c>email</c> and <c>preferred_username</c> at will, to any address: those claims are
/// what the user is called, not proof of a mailbox. An address counts as proven only when Entra says the issuing
/// tenant owns its domain (the optional claim <c>xms_edov</c>, true, which comes with <c>email</c>), or when the
/// deployment names that tenant as the domain's owner (<see cref="EmailDomainOwner"/>).
/// </summary>
public static class VerifiedEmail
{
    /// <summary>Entra's "e-mail domain owner verified" optional claim.</summary>
    public const string DomainOwnerVerifiedClaim = "xms_edov";

    /// <summary>The lower-cased address <paramref name="principal"/>'s token proves for <paramref name="account"/>, or null.</summary>
    public static string? Of(ClaimsPrincipal principal, EntraAccount account, IReadOnlyList<EmailDomainOwner> owners)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(owners);
        var email = EmailAddresses.Normalize((principal.FindFirst("email") ?? principal.FindFirst(ClaimTypes.Email))?.Value);
        if (email is not null && (IsTrue(principal.FindFirst(DomainOwnerVerifiedClaim)) || IsOwned(email, account, owners)))
        {
            return email;
        }

        // The sign-in name is proven only by a tenant the deployment trusts for its domain.
        var username = EmailAddresses.Normalize(principal.FindFirst("preferred_username")?.Value);
        return username is not null && IsOwned(username, account, owners) ? username : null;
    }

    private static bool IsOwned(string address, EntraAccount account, IReadOnlyList<EmailDomainOwner> owners) =>
        owners.Any(owner => owner.Owns(account.TenantId, address));

    // A JSON true arrives as "true"; some issuers send 1.
    private static bool IsTrue(Claim? claim) =>
        claim?.Value is { } value && (bool.TryParse(value, out var flag) ? flag : value == "1");
}
