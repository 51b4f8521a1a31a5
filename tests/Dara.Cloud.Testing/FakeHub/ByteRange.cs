using System.Globalization;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>A single-range <c>Range: bytes=...</c> header (RFC 9110 §14.1.2) resolved against a file's length.</summary>
internal readonly record struct ByteRange(long First, long Last)
{
    public long Length => Last - First + 1;

    /// <summary>
    /// The range to serve: null when there is no usable single range (the whole file is then served with 200),
    /// or <paramref name="unsatisfiable"/> set when it starts beyond the end (416).
    /// </summary>
    public static ByteRange? Parse(string? header, long fileLength, out bool unsatisfiable)
    {
        unsatisfiable = false;
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return null;
        }

        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var firstText = spec[..dash];
        var lastText = spec[(dash + 1)..];
        if (firstText.Length == 0)
        {
            // Suffix range: the last N bytes.
            if (!TryParse(lastText, out var suffix) || suffix == 0)
            {
                unsatisfiable = suffix == 0 && lastText.Length > 0;
                return null;
            }

            return fileLength == 0 ? Unsatisfiable(out unsatisfiable) : new ByteRange(Math.Max(0, fileLength - suffix), fileLength - 1);
        }

        if (!TryParse(firstText, out var first))
        {
            return null;
        }

        long last;
        if (lastText.Length == 0)
        {
            last = fileLength - 1;
        }
        else if (!TryParse(lastText, out last) || last < first)
        {
            return null;
        }

        return first >= fileLength ? Unsatisfiable(out unsatisfiable) : new ByteRange(first, Math.Min(last, fileLength - 1));
    }

    private static ByteRange? Unsatisfiable(out bool unsatisfiable)
    {
        unsatisfiable = true;
        return null;
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
