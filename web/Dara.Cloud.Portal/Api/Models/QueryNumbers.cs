using System.Globalization;

namespace Dara.Cloud.Portal.Api.Models;

/// <summary>
/// Numbers a query string carries, read from text: bound as numbers, a value that is none was refused by the
/// framework in its own words ("Failed to bind parameter Nullable&lt;int&gt; MinScore"), not under the field's name.
/// </summary>
internal static class QueryNumbers
{
    /// <summary>
    /// <paramref name="text"/> as a whole number from <paramref name="min"/> to <paramref name="max"/>; null when it is
    /// absent, and also when it is no such number, after recording <paramref name="message"/> under <paramref name="field"/>.
    /// </summary>
    public static long? Read(string? text, long min, long max, string field, string message, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[field] = [message];
        return null;
    }
}
