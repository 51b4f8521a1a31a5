using System.Globalization;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>Numbers as people read them in model names and summaries: 7.24B, 125M, 67%, 2.8 KiB.</summary>
public static class NumberText
{
    private static readonly string[] ByteUnits = ["KiB", "MiB", "GiB"];

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

    /// <summary>
    /// A size in bytes as the CLI's report writes it: binary units after a space, at most one decimal (934 B, 2.8 KiB,
    /// 397.2 KiB, 8 MiB). The portal's every file size and limit goes through here so they read alike. A size that
    /// would round to 1024 of a unit is given in the next one (1 MiB, not 1024 KiB).
    /// </summary>
    public static string Bytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        var scaled = bytes / 1024.0;
        var unit = 0;
        while (unit < ByteUnits.Length - 1 && Math.Round(scaled, 1) >= 1024)
        {
            scaled /= 1024;
            unit++;
        }

        return scaled.ToString("0.#", CultureInfo.InvariantCulture) + " " + ByteUnits[unit];
    }
}
