using System.Text;

namespace Dara.Cloud.Portal.Ui;

/// <summary>Organization ids people would pick: derived from a display name.</summary>
public static class TenantIds
{
    private const int MaxLength = 40;

    /// <summary>
    /// "Acme Research Lab" → "acme-research-lab", "Zürich Søndergaard" → "zurich-sondergaard": lower-case letters and
    /// digits (accents dropped, so an accented letter does not split a word), other runs of characters one dash, at most
    /// 40 characters, no dash at either end. May still be taken or (for a name with no Latin letters) empty.
    /// </summary>
    public static string Suggest(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = new StringBuilder(40);
        var dash = false;
        foreach (var c in Latin(name).Select(char.ToLowerInvariant))
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

    // The Latin letters of U+00C0-U+017F by their base letter ('*': spelled with two, '-': none). The portal runs with
    // invariant globalization, where string.Normalize does not take accents apart, so they are listed here.
    private const char LatinFirst = '\u00C0';

    private const string LatinBases =
        "aaaaaa*ceeeeiiiidnooooo-ouuuuy**aaaaaa*ceeeeiiiidnooooo-ouuuuy*y" +
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllll" +
        "lllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    private static IEnumerable<char> Latin(string text)
    {
        foreach (var c in text)
        {
            var index = c - LatinFirst;
            if (index < 0 || index >= LatinBases.Length || LatinBases[index] == '-')
            {
                yield return c;
                continue;
            }

            var spelled = LatinBases[index] != '*' ? null : char.ToLowerInvariant(c) switch
            {
                'æ' => "ae",
                'þ' => "th",
                'ß' => "ss",
                'ĳ' => "ij",
                _ => "oe",
            };
            if (spelled is null)
            {
                yield return LatinBases[index];
                continue;
            }

            foreach (var letter in spelled)
            {
                yield return letter;
            }
        }
    }
}
