using System.Globalization;
using System.Net.Mail;

namespace Dara.Cloud;

/// <summary>E-mail addresses as user ids: one plain address (no display name, no list), lower-cased.</summary>
public static class EmailAddresses
{
    // RFC 5321's limit on a path; anything longer is no address a mailbox has.
    private const int MaxLength = 254;

    /// <summary>The lower-cased address <paramref name="text"/> holds, or null when it holds anything else.</summary>
    public static string? Normalize(string? text)
    {
        var value = text?.Trim();
        return value is { Length: > 0 and <= MaxLength } && MailAddress.TryCreate(value, out var address) && address.Address == value
            && !value.Any(IsHidden)
            ? value.ToLowerInvariant()
            : null;
    }

    /// <summary>
    /// The mailbox a user id names: the id itself when it is an e-mail address (an address the user's sign-in proved),
    /// null when it is an Entra account id (a sign-in that proved none).
    /// </summary>
    public static string? OfUserId(string? userId) => Normalize(userId) is { } address && address == userId ? address : null;

    // MailAddress takes format characters (a right-to-left override, a zero-width joiner): an id holding one would show
    // as another address in the members list.
    private static bool IsHidden(char c) => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
