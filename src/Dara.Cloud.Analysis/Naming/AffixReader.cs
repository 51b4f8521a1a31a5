namespace Dara.Cloud.Analysis.Naming;

/// <summary>Reads architecture names that open or end a longer word (bertfr, finbert, RUTERGPT) and the known prefixes.</summary>
internal sealed class AffixReader
{
    private readonly NamingVocabulary _vocabulary;

    public AffixReader(NamingVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
    }

    /// <summary>
    /// An architecture alias ending a longer word (finbert, banglabert, RUTERGPT) or starting one whose rest is known
    /// (bertfr). The prefix becomes its own element when it is known (bangla → language).
    /// </summary>
    public bool TryRead(ReadOnlySpan<char> span, int offset, List<PendingElement> output)
    {
        foreach (var prefix in _vocabulary.Prefixes)
        {
            if (span.Length > prefix.Text.Length && span.StartsWith(prefix.Text, StringComparison.OrdinalIgnoreCase))
            {
                var rest = span[prefix.Text.Length..];
                if (_vocabulary.TryLookup(rest, out var known) && known.Code is not ElementCode.O and not ElementCode.A)
                {
                    output.Add(PendingElement.Of(prefix.Entry, offset, prefix.Text.Length));
                    output.Add(PendingElement.Of(known, offset + prefix.Text.Length, rest.Length));
                }
                else
                {
                    output.Add(PendingElement.Of(prefix.Entry, offset, span.Length));
                }

                return true;
            }
        }

        foreach (var affix in _vocabulary.Affixes)
        {
            var length = affix.Text.Length;
            if (span.Length < length + 2)
            {
                continue;
            }

            if (span.EndsWith(affix.Text, StringComparison.OrdinalIgnoreCase) && NameText.IsLetters(span[..^length]))
            {
                var head = span[..^length];
                if (_vocabulary.TryLookup(head, out var known) && known.Code is ElementCode.L or ElementCode.D or ElementCode.T && known.Language is null)
                {
                    output.Add(PendingElement.Of(known, offset, head.Length));
                    output.Add(PendingElement.Of(affix.Entry, offset + head.Length, length));
                }
                else
                {
                    output.Add(PendingElement.Of(affix.Entry, offset, span.Length));
                }

                return true;
            }

            if (span.StartsWith(affix.Text, StringComparison.OrdinalIgnoreCase)
                && _vocabulary.TryLookup(span[length..], out var tail) && tail.Code != ElementCode.O)
            {
                output.Add(PendingElement.Of(affix.Entry, offset, length));
                output.Add(PendingElement.Of(tail, offset + length, span.Length - length));
                return true;
            }
        }

        return false;
    }

    /// <summary>A letters-only word that ends with an architecture alias after at least two letters (finbert, RUTERGPT).</summary>
    public bool TryArchitectureSuffix(ReadOnlySpan<char> word, out VocabularyEntry entry)
    {
        foreach (var affix in _vocabulary.Affixes)
        {
            if (word.Length >= affix.Text.Length + 2 && word.EndsWith(affix.Text, StringComparison.OrdinalIgnoreCase) && NameText.IsLetters(word[..^affix.Text.Length]))
            {
                entry = affix.Entry;
                return true;
            }
        }

        entry = null!;
        return false;
    }
}
