namespace Dara.Cloud.Analysis.Naming;

/// <summary>A run of letters and digits in a name (a '.' between two digits stays inside: v1.5, 1.3B).</summary>
internal readonly record struct NameToken(int Start, int Length, bool HasDigit, bool HasLetter)
{
    public int End => Start + Length;

    public bool AllDigits => HasDigit && !HasLetter;
}

/// <summary>Splits a name into tokens on every character that is not a letter or a digit ('-', '_', '.', ' ', emoji...).</summary>
internal static class NameTokenizer
{
    /// <summary>Fills <paramref name="tokens"/> and returns how many were found (never more than its length).</summary>
    public static int Tokenize(ReadOnlySpan<char> name, Span<NameToken> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < name.Length && count < tokens.Length)
        {
            if (!char.IsLetterOrDigit(name[i]))
            {
                i++;
                continue;
            }

            var start = i;
            bool hasDigit = false, hasLetter = false;
            while (i < name.Length)
            {
                var c = name[i];
                if (char.IsLetterOrDigit(c))
                {
                    if (char.IsDigit(c))
                    {
                        hasDigit = true;
                    }
                    else
                    {
                        hasLetter = true;
                    }

                    i++;
                }
                else if (c == '.' && i > start && char.IsAsciiDigit(name[i - 1]) && i + 1 < name.Length && char.IsAsciiDigit(name[i + 1]))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            tokens[count++] = new NameToken(start, i - start, hasDigit, hasLetter);
        }

        return count;
    }

    /// <summary>
    /// Where a word may be cut inside one token: camelCase (fooBar), an acronym before a word (XMLParser → XML|Parser),
    /// and letter/digit changes (gpt|2). Strong cuts are the case changes; letter/digit cuts are weak, because
    /// "T5PRJ" is one project code, not T5 followed by PRJ.
    /// </summary>
    public static BoundaryKind BoundaryAt(ReadOnlySpan<char> word, int index)
    {
        if (index <= 0 || index >= word.Length)
        {
            return BoundaryKind.Strong;
        }

        char previous = word[index - 1], current = word[index];
        var previousDigit = char.IsDigit(previous) || previous == '.';
        var currentDigit = char.IsDigit(current) || current == '.';
        if (previousDigit != currentDigit)
        {
            return BoundaryKind.Weak;
        }

        if (char.IsLower(previous) && char.IsUpper(current))
        {
            return BoundaryKind.Strong;
        }

        if (char.IsUpper(previous) && char.IsUpper(current) && index + 1 < word.Length && char.IsLower(word[index + 1]))
        {
            return BoundaryKind.Strong;
        }

        return BoundaryKind.None;
    }
}

/// <summary>How strongly a position inside a token separates two words.</summary>
internal enum BoundaryKind
{
    None,
    Weak,
    Strong,
}
