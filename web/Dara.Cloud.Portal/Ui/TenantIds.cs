using System.Text;

namespace Dara.Cloud.Portal.Ui;

/// <summary>Organization ids people would pick: derived from a display name.</summary>
public static class TenantIds
{
    private const int MaxLength = 40;

    /// <summary>
    /// "Acme Research Lab" → "acme-research-lab": lower-case letters and digits, other runs of characters one dash,
    /// at most 40 characters, no dash at either end. May still be taken or (for a name with no letters) empty.
    /// </summary>
    public static string Suggest(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = new StringBuilder(40);
        var dash = false;
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                dash = true;
                continue;
            }

            var separate = dash && id.Length > 0;
            if (id.Length + (separate ? 2 : 1) > MaxLength)
            {
                break;
            }

            if (separate)
            {
                id.Append('-');
            }

            id.Append(c);
            dash = false;
        }

        return id.ToString();
    }
}
