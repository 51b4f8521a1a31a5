using System.Globalization;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>Parameter counts as people write them in names: 7B, 1.3B, 125M, 6.7b.</summary>
public static class ParameterText
{
    /// <summary>
    /// Formats <paramref name="count"/> the way a name would state it, in the letter case of <paramref name="style"/>
    /// (a claimed token such as "7b" or "7B"): two significant figures below ten units, whole numbers above, and above
    /// ten the round figure people publish when the count is within <see cref="RoundFigureTolerance"/> of it
    /// (Llama 2 70B holds 68.98B parameters: "70B", not "69B").
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
        var number = value < 10
            ? Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture)
            : RoundFigure(value).ToString("0", CultureInfo.InvariantCulture);
        if (unit == ' ')
        {
            return number;
        }

        var lower = style is not null && style.Any(char.IsLetter) && style.Where(char.IsLetter).Last() is var last && char.IsLower(last);
        return number + (lower ? char.ToLowerInvariant(unit) : unit);
    }

    /// <summary>How far (relative) a count may lie from a round figure and still be written as it.</summary>
    public const double RoundFigureTolerance = 0.02;

    /// <summary>The nearest multiple of 5 when within tolerance, else the nearest whole number.</summary>
    private static double RoundFigure(double value)
    {
        var round = Math.Round(value / 5) * 5;
        return round > 0 && Math.Abs(value - round) / round <= RoundFigureTolerance ? round : Math.Round(value);
    }

    /// <summary>"1.3B parameters" for messages.</summary>
    public static string Describe(long count) => $"{Format(count)} parameters";
}
