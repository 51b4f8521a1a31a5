using System.Collections.Frozen;
using System.Globalization;

namespace Dara.Cloud.Analysis.Naming;

/// <summary>Reads parameter counts as names write them: 7b, 1.3B, 125m, 8x7b (mixture of experts), 7b1 (BLOOM's 7.1B).</summary>
internal static class ParameterCount
{
    /// <summary>The largest count read as one: 100T, far beyond any model, well inside a decimal.</summary>
    private const decimal MaxCount = 100_000_000_000_000m;

    /// <summary>
    /// The absolute count as an invariant integer string ("7000000000"), or "8x7000000000" for experts × each.
    /// False when the token is not a count.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> token, FrozenDictionary<char, long> multipliers, out string? value)
    {
        value = null;
        if (token.Length is < 2 or > 24 || !char.IsAsciiDigit(token[0]))
        {
            return false;
        }

        var times = token.IndexOfAny('x', 'X');
        if (times > 0)
        {
            if (!ulong.TryParse(token[..times], NumberStyles.None, CultureInfo.InvariantCulture, out var experts) || experts is 0 or > 4096
                || !TryParse(token[(times + 1)..], multipliers, out var each) || each is null || each.Contains('x'))
            {
                return false;
            }

            value = experts.ToString(CultureInfo.InvariantCulture) + "x" + each;
            return true;
        }

        // 7b1 / 1b7: the letter stands for the decimal point.
        var letter = token.IndexOfAnyExceptInRange('0', '9');
        if (letter < 0)
        {
            return false;
        }

        var unit = char.ToLowerInvariant(token[letter]);
        if (unit == '.')
        {
            letter = token[(letter + 1)..].IndexOfAnyExceptInRange('0', '9');
            if (letter < 0)
            {
                return false;
            }

            letter += token.IndexOf('.') + 1;
            unit = char.ToLowerInvariant(token[letter]);
        }

        if (!multipliers.TryGetValue(unit, out var multiplier))
        {
            return false;
        }

        var whole = token[..letter];
        var rest = token[(letter + 1)..];
        decimal number;
        if (rest.IsEmpty)
        {
            if (!decimal.TryParse(whole, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
            {
                return false;
            }
        }
        else if (!whole.Contains('.') && rest.Length <= 2 && !rest.ContainsAnyExceptInRange('0', '9'))
        {
            if (!decimal.TryParse(string.Concat(whole, ".", rest), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        // A 24-digit number times a trillion does not fit in a decimal: a number that far beyond the cap is no count,
        // and is refused before the multiplication can overflow.
        if (number > (MaxCount + 1) / multiplier)
        {
            return false;
        }

        var count = decimal.Round(number * multiplier);
        if (count <= 0 || count > MaxCount)
        {
            return false;
        }

        value = count.ToString("0", CultureInfo.InvariantCulture);
        return true;
    }
}
