using System.Globalization;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>Parameter counts as people write them in names: 7B, 1.3B, 125M, 6.7b.</summary>
public static class ParameterText
{
    /// <summary>
    /// Formats <paramref name="count"/> the way a name would state it, in the letter case of <paramref name="style"/>
    /// (a claimed token such as "7b" or "7B"): two significant figures below ten units, whole numbers above.
    /// </summary>
    public static string Format(long count, string? style = null)
    {
        var (value, unit) = count switch
        {
            >= 1_000_000_000_000 => (count / 1e12, 'T'),
            >= 1_000_000_000 => (count / 1e9, 'B'),
            >= 1_000_000 => (count / 1e6, 'M'),
            >= 1_000 => (count / 1e3, 'K'),
            _ => (count, ' '),
        };
        var number = value < 10 ? Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture) : Math.Round(value).ToString("0", CultureInfo.InvariantCulture);
        if (unit == ' ')
        {
            return number;
        }

        var lower = style is not null && style.Any(char.IsLetter) && style.Where(char.IsLetter).Last() is var last && char.IsLower(last);
        return number + (lower ? char.ToLowerInvariant(unit) : unit);
    }

    /// <summary>"1.3B parameters" for messages.</summary>
    public static string Describe(long count) => $"{Format(count)} parameters";
}
