namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// Reads one token that is no vocabulary phrase: a vocabulary word, a number, a shape (7b, v1.5, L6), a language
/// pair (en2zh), a word with a version glued on (arabertv02), glued words, an architecture affix, a task suffix or a
/// conversion (text2im); anything else is unknown.
/// </summary>
internal sealed class TokenClassifier
{
    // The glued-word, affix and suffix readers try many splits of a token, so they skip tokens longer than this
    // (hashes and run ids, not words).
    private const int MaxGluedLength = 64;

    private readonly NamingVocabulary _vocabulary;
    private readonly ShapeReader _shapes;
    private readonly AffixReader _affixes;
    private readonly GluedWordSplitter _glued;

    public TokenClassifier(NamingVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _shapes = new ShapeReader(vocabulary);
        _affixes = new AffixReader(vocabulary);
        _glued = new GluedWordSplitter(vocabulary, _shapes, _affixes);
    }

    /// <summary>Adds the element or elements <paramref name="token"/> of <paramref name="text"/> holds to <paramref name="output"/>.</summary>
    public void Classify(ReadOnlySpan<char> text, NameToken token, List<PendingElement> output)
    {
        var span = text.Slice(token.Start, token.Length);
        if (_vocabulary.TryLookup(span, out var entry))
        {
            output.Add(PendingElement.Of(entry, token.Start, token.Length));
            return;
        }

        if (token.HasDigit)
        {
            if (token.AllDigits)
            {
                output.Add(_vocabulary.Version.IsMatch(span) && span.Length < 12
                    ? PendingElement.Known(ElementCode.V, token.Start, token.Length, null)
                    : PendingElement.Number(token.Start, token.Length));
                return;
            }

            if (_shapes.TryRead(span, out var code, out var value))
            {
                output.Add(PendingElement.Known(code, token.Start, token.Length, value));
                return;
            }
        }

        if (TryLanguagePair(span, token.Start, output) || TryVersionSuffix(span, token.Start, output))
        {
            return;
        }

        if (span.Length <= MaxGluedLength && _glued.TrySplit(span, token.Start, output))
        {
            return;
        }

        if (span.Length <= MaxGluedLength && _affixes.TryRead(span, token.Start, output))
        {
            return;
        }

        if (span.Length <= MaxGluedLength && (TryTaskSuffix(span, token.Start, output) || TryConversion(span, token.Start, output)))
        {
            return;
        }

        output.Add(PendingElement.Unknown(token.Start, token.Length));
    }

    /// <summary>
    /// A letters-only word ending in a task word (keywordextractor, adultcontentclassifier, indonli, lfqa) names that task.
    /// The word as a whole is the task element, its value the word itself: the rest may narrow the task (speechrecognition
    /// is not image recognition), so no pipeline task is claimed for it. When the rest is a known word on its own
    /// (storysummarizer), both become elements and the task token keeps its meaning.
    /// </summary>
    private bool TryTaskSuffix(ReadOnlySpan<char> span, int offset, List<PendingElement> output)
    {
        if (!NameText.IsLetters(span))
        {
            return false;
        }

        foreach (var suffix in _vocabulary.TaskSuffixes)
        {
            if (span.Length <= suffix.Text.Length || !span.EndsWith(suffix.Text, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var head = span[..^suffix.Text.Length];
            // Short language codes at the start of a word (ru in ruparaphraser) are too likely a syllable to split off.
            if (_vocabulary.TryLookup(head, out var known) && known.Code is not ElementCode.O
                && !(known.Code == ElementCode.L && head.Length <= 3) && known.Language is null)
            {
                output.Add(PendingElement.Of(known, offset, head.Length));
                output.Add(PendingElement.Of(suffix.Entry, offset + head.Length, suffix.Text.Length));
            }
            else
            {
                output.Add(PendingElement.Known(ElementCode.T, offset, span.Length, span.ToString().ToLowerInvariant()));
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// Two words joined by "2" name a conversion task (text2im, chart2text, English2Dialect, wav2musicgenre). Not when
    /// the first word is an architecture, whose "2" is a generation (chatglm2cpp), nor when a side holds more than one
    /// word (Pokemon2DSugimori: the 2 belongs to "2D"), nor when the second word ends an architecture name of the same
    /// shape (text2vec is of word2vec's family). Language pairs (en2zh) were read before.
    /// </summary>
    private bool TryConversion(ReadOnlySpan<char> span, int offset, List<PendingElement> output)
    {
        var two = span.IndexOf('2');
        if (two < 2 || span.Length - two - 1 < 2)
        {
            return false;
        }

        var from = span[..two];
        var to = span[(two + 1)..];
        if (!NameText.IsLetters(from) || !NameText.IsLetters(to) || !IsOneWord(from) || !IsOneWord(to)
            || (_vocabulary.TryLookup(from, out var known) && known.Code == ElementCode.A) || _affixes.TryArchitectureSuffix(from, out _)
            || _vocabulary.IsArchitectureSecondWord(to))
        {
            return false;
        }

        output.Add(PendingElement.Known(ElementCode.T, offset, span.Length, span.ToString().ToLowerInvariant()));
        return true;
    }

    private static bool IsOneWord(ReadOnlySpan<char> word)
    {
        for (var i = 1; i < word.Length; i++)
        {
            if (NameTokenizer.BoundaryAt(word, i) != BoundaryKind.None)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Two language codes joined by "2" or "to" in one token: en2zh, zh2en, deto en.</summary>
    private bool TryLanguagePair(ReadOnlySpan<char> span, int offset, List<PendingElement> output)
    {
        if (span.Length is < 5 or > 8)
        {
            return false;
        }

        for (var cut = 2; cut <= 3 && cut < span.Length - 2; cut++)
        {
            var joinLength = span[cut] == '2' ? 1 : span[cut..].StartsWith("to", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
            if (joinLength == 0 || span.Length - cut - joinLength is < 2 or > 3)
            {
                continue;
            }

            var left = span[..cut];
            var right = span[(cut + joinLength)..];
            if (_vocabulary.TryLookup(left, out var from) && LanguageOf(from) is { } fromCode
                && _vocabulary.TryLookup(right, out var to) && LanguageOf(to) is { } toCode)
            {
                output.Add(PendingElement.Known(ElementCode.L, offset, cut, fromCode));
                output.Add(PendingElement.Known(ElementCode.L, offset + cut + joinLength, right.Length, toCode));
                return true;
            }
        }

        return false;
    }

    private static string? LanguageOf(VocabularyEntry entry) => entry.Code == ElementCode.L ? entry.Value : entry.Language;

    /// <summary>
    /// A known word with a version glued on: arabertv02, norbert2 (head + V). The head must be known on its own
    /// (an alias or a word ending in an architecture); short trailing numbers count only after an architecture.
    /// </summary>
    private bool TryVersionSuffix(ReadOnlySpan<char> span, int offset, List<PendingElement> output)
    {
        var digits = span.Length;
        while (digits > 0 && (char.IsAsciiDigit(span[digits - 1]) || span[digits - 1] == '.'))
        {
            digits--;
        }

        if (digits == span.Length || digits < 3 || !char.IsAsciiDigit(span[^1]))
        {
            return false;
        }

        var hasV = span[digits - 1] is 'v' or 'V';
        var head = span[..(hasV ? digits - 1 : digits)];
        if (head.Length < 3 || !NameText.IsLetters(head) || (!hasV && span.Length - digits > 2))
        {
            return false;
        }

        VocabularyEntry? entry = _vocabulary.TryLookup(head, out var known) && known.Code is not ElementCode.O ? known
            : _affixes.TryArchitectureSuffix(head, out var architecture) ? architecture
            : null;
        if (entry is null || (!hasV && entry.Code != ElementCode.A))
        {
            return false;
        }

        // vgg13, dla34: a trailing number of two or more digits on a CNN name is its depth, not a version.
        var trailing = span[head.Length..];
        var code = hasV || trailing.Length == 1 ? ElementCode.V : ElementCode.S;
        output.Add(PendingElement.Of(entry, offset, head.Length));
        output.Add(PendingElement.Known(code, offset + head.Length, trailing.Length, null));
        return true;
    }
}
