namespace Dara.Cloud;

/// <summary>
/// Who can be made a member of an organization: a person, named by an e-mail address (an invitation until an Entra
/// account that proves the address signs in) or by the account id of an Entra user whose sign-in proves no address
/// (<see cref="EntraAccount.UserId"/>). A bare object id is not enough: only the tenant and the object id together name
/// one account. The API and the portal's members editor both take member ids through this one rule.
/// </summary>
public static class MemberIds
{
    /// <summary>What a member id looks like, for messages that ask for one.</summary>
    public const string Forms = "an e-mail address, or an Entra account id (entra:<tenant id>:<object id>)";

    /// <summary>The user id <paramref name="text"/> names (lower case), or null when it is neither form.</summary>
    public static string? Normalize(string? text) =>
        EntraAccount.TryParse(text?.Trim(), out var account) ? account.UserId : EmailAddresses.Normalize(text);
}
