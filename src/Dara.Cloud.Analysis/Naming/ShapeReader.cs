namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// Reads the shape of one token that mixes digits and letters: a parameter count, a version, a letters-around-a-number
/// rule of shapes.json, a CNN's cardinality-times-width or an image resolution.
/// </summary>
internal sealed class ShapeReader
{
    private readonly NamingVocabulary _vocabulary;

    public ShapeReader(NamingVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
    }

    /// <summary>
    /// Shapes of one token with digits and letters: parameter counts (7b, 1.3B, 8x7b, 7b1), versions (v1.5), the
    /// letters-around-a-number rules of shapes.json (L6, H768, b0, patch16, in1k, 128g, epoch3), 32x4d, 512x512.
    /// </summary>
    public bool TryRead(ReadOnlySpan<char> span, out ElementCode code, out string? value)
    {
        value = null;
        if (ParameterCount.TryParse(span, _vocabulary.ParameterMultipliers, out var parameters))
        {
            code = ElementCode.P;
            value = parameters;
            return true;
        }

        if (_vocabulary.Version.IsMatch(span))
        {
            code = ElementCode.V;
            return true;
        }

        code = ElementCode.O;
        var digitsStart = span.IndexOfAnyInRange('0', '9');
        if (digitsStart < 0)
        {
            // Digits of other scripts (٣, ३) carry no shape.
            return false;
        }

        // One '.' between digits stays in the number: ExLlamaV2's 4.65bpw.
        var digitsEnd = digitsStart;
        var decimalPoint = false;
        while (digitsEnd < span.Length && (char.IsAsciiDigit(span[digitsEnd])
            || (span[digitsEnd] == '.' && !decimalPoint && digitsEnd + 1 < span.Length && char.IsAsciiDigit(span[digitsEnd + 1]))))
        {
            decimalPoint |= span[digitsEnd] == '.';
            digitsEnd++;
        }

        var prefix = span[..digitsStart];
        var suffix = span[digitsEnd..];
        Span<char> key = stackalloc char[16];
        if (prefix.Length + suffix.Length + 1 <= key.Length && NameText.IsLetters(prefix) && NameText.IsLetters(suffix))
        {
            prefix.CopyTo(key);
            key[prefix.Length] = '#';
            suffix.CopyTo(key[(prefix.Length + 1)..]);
            var digits = span[digitsStart..digitsEnd];
            if (_vocabulary.TryShape(key[..(prefix.Length + suffix.Length + 1)], out var rule) && digits.Length <= rule.MaxDigits)
            {
                code = rule.Code;
                value = rule.ValueFor(digits);
                return true;
            }
        }

        if (IsCardinalityTimesWidth(span))
        {
            // ResNeXt's 32x4d, BiT's 101x3: the size of a CNN variant.
            code = ElementCode.S;
        }
        else if (IsResolution(span))
        {
            code = ElementCode.C;
        }

        return code != ElementCode.O;
    }

    private static bool IsCardinalityTimesWidth(ReadOnlySpan<char> span)
    {
        var x = span.IndexOfAny('x', 'X');
        if (x <= 0 || span[..x].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var width = span[(x + 1)..];
        if (width.EndsWith('d'))
        {
            width = width[..^1];
        }

        return width.Length is 1 or 2 && !width.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>512x512 and the like.</summary>
    private static bool IsResolution(ReadOnlySpan<char> span)
    {
        var x = span.IndexOfAny('x', 'X');
        return x > 0 && x < span.Length - 1
            && !span[..x].ContainsAnyExceptInRange('0', '9')
            && !span[(x + 1)..].ContainsAnyExceptInRange('0', '9')
            && x >= 2 && span.Length - x - 1 >= 2;
    }
}
