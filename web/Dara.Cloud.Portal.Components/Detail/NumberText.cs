using System.Globalization;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>Numbers as people read them in model names and summaries: 7.24B, 125M, 67%.</summary>
public static class NumberText
{
    /// <summary>A parameter count with a B/M/K suffix and three significant digits (7.24B, 125M, 4.1K).</summary>
    public static string Count(long value)
    {
        (double scaled, string suffix) = Math.Abs(value) switch
        {
            >= 1_000_000_000_000 => (value / 1e12, "T"),
            >= 1_000_000_000 => (value / 1e9, "B"),
            >= 1_000_000 => (value / 1e6, "M"),
            >= 1_000 => (value / 1e3, "K"),
            _ => (value, string.Empty),
        };
        var format = suffix.Length == 0 || Math.Abs(scaled) >= 100 ? "0" : Math.Abs(scaled) >= 10 ? "0.#" : "0.##";
        return scaled.ToString(format, CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>A 0–1 probability or confidence as a whole percentage.</summary>
    public static string Percent(double fraction) =>
        Math.Round(Math.Clamp(fraction, 0, 1) * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A number with thousands separators (hidden sizes, vocabularies).</summary>
    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
