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
            ? value.ToLowerInvariant()
            : null;
    }
}
