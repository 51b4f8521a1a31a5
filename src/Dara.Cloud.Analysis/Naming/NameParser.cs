using System.Globalization;

namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// Splits a model repository id (<c>owner/name</c>, or a name alone) into naming elements: deterministic, offline,
/// total (any string parses, nothing throws) and bounded (only the first <see cref="MaxNameLength"/> characters of
/// the name are read). Thread-safe; one instance can serve every caller.
/// </summary>
/// <remarks>
/// <para>
/// The name is cut into tokens on every non-alphanumeric character ('.' between digits stays: v1.5, 1.3B). Longest
/// phrases of the vocabulary are matched first (llama-2, fill-mask, q4_k_m), then single tokens, then shapes
/// (7b, v1.5, L6, in1k), then words glued together (camelCase, gpt2, resnet50, yolov5s, en2zh, arabertv02) and
/// architecture names ending a longer word (finbert). A glued piece counts only when the rest of the token is
/// understood too, or is cut off by a case change: "T5PRJ" is a project code, not T5.
/// </para>
/// <para>
/// Neighbour rules follow: a code that is also a word (it, ms) is a language only beside another language
/// (opus-mt-it-en); a bare number is a size of the architecture before it (resnet-50), a resolution (224), or a
/// generation right after an architecture (stable-diffusion-2); a name without a known architecture takes its first
/// unknown word as one (giraffe-7b); an unknown word opening the name before an architecture joins it as its brand
/// (backpack-gpt2); adjacent unknown tokens merge into one "other" element (my-awesome-model).
/// </para>
/// <para>Vocabularies are the JSON files under Naming/Vocabulary; the rules here hold no model, task or dataset names.</para>
/// </remarks>
public sealed class NameParser
{
    /// <summary>Longest name part read; the rest of a longer name is ignored and <see cref="ParsedName.Truncated"/> is set.</summary>
    public const int MaxNameLength = 512;

    private const int MaxTokens = (MaxNameLength / 2) + 1;
    private const int MaxKeyLength = 128;
    private const int MaxGluedLength = 64;

    private static readonly Lazy<NameParser> _default = new(() => new NameParser(NamingVocabulary.Default));

    [ThreadStatic]
    private static List<Pending>? _pendingScratch;

    [ThreadStatic]
    private static List<Piece>? _pieceScratch;

    private readonly NamingVocabulary _vocabulary;

    /// <summary>A parser over the given vocabulary.</summary>
    public NameParser(NamingVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary;
    }

    /// <summary>The parser over <see cref="NamingVocabulary.Default"/>.</summary>
    public static NameParser Default => _default.Value;

    /// <summary>The vocabulary this parser matches against.</summary>
    public NamingVocabulary Vocabulary => _vocabulary;

    /// <summary>
    /// Parses <paramref name="repoIdOrName"/>: the owner is the part before the last '/', the elements come from the
    /// part after it. Null or empty input gives an empty name without elements.
    /// </summary>
    public ParsedName Parse(string? repoIdOrName)
    {
        var input = repoIdOrName ?? string.Empty;
        var slash = input.LastIndexOf('/');
        var owner = slash > 0 ? input[..slash] : null;
        var name = slash >= 0 ? input[(slash + 1)..] : input;
        var truncated = name.Length > MaxNameLength;
        var text = name.AsSpan(0, Math.Min(name.Length, MaxNameLength));

        Span<NameToken> tokens = stackalloc NameToken[MaxTokens];
        var count = NameTokenizer.Tokenize(text, tokens);
        tokens = tokens[..count];

        var pending = _pendingScratch ??= new List<Pending>(16);
        pending.Clear();
        Scan(text, tokens, pending);
        ResolveLanguages(pending);
        ReadReleaseSuffix(pending);
        ResolveNumbers(text, pending);
        ReadActiveParameters(text, pending);
        KeepTheFirstParameterCount(pending);
        NameTheUnnamedArchitecture(pending);
        JoinBrandToArchitecture(text, pending);
        ReadExl2HeadBits(text, pending);
        return new ParsedName(owner, name, Emit(name, text, pending), truncated);
    }

    private void Scan(ReadOnlySpan<char> text, ReadOnlySpan<NameToken> tokens, List<Pending> output)
    {
        var i = 0;
        while (i < tokens.Length)
        {
            if (TryPhrase(text, tokens, i, out var used, out var entry))
            {
                var last = tokens[i + used - 1];
                AddEntry(output, entry, tokens[i].Start, last.End - tokens[i].Start);
                i += used;
                continue;
            }

            if (TryStructuredPair(text, tokens, i, output))
            {
                i += 2;
                continue;
            }

            if (!_vocabulary.IsIgnored(text.Slice(tokens[i].Start, tokens[i].Length)))
            {
                ClassifyToken(text, tokens[i], output);
            }

            i++;
        }
    }

    /// <summary>The longest vocabulary phrase of two or more tokens starting at token <paramref name="index"/>.</summary>
    private bool TryPhrase(ReadOnlySpan<char> text, ReadOnlySpan<NameToken> tokens, int index, out int used, out VocabularyEntry entry)
    {
        used = 0;
        entry = null!;
        var longest = Math.Min(_vocabulary.MaxPhraseTokens, tokens.Length - index);
        if (longest < 2)
        {
            return false;
        }

        Span<char> key = stackalloc char[MaxKeyLength];
        for (var size = longest; size >= 2; size--)
        {
            var length = 0;
            var fits = true;
            for (var j = index; j < index + size; j++)
            {
                var token = text.Slice(tokens[j].Start, tokens[j].Length);
                if (length + token.Length + 1 > key.Length)
                {
                    fits = false;
                    break;
                }

                if (j > index)
                {
                    key[length++] = '-';
                }

                token.CopyTo(key[length..]);
                length += token.Length;
            }

            if (fits && _vocabulary.TryLookup(key[..length], out entry))
            {
                used = size;
                return true;
            }

            if (fits && size <= 3 && _vocabulary.VersionPhrase.IsMatch(key[..length]))
            {
                entry = new VocabularyEntry(ElementCode.V, key[..length].ToString().ToLowerInvariant(), null, null);
                used = size;
                return true;
            }
        }

        return false;
    }

    /// <summary>Two-token shapes: L-12 (layers), H-768 and A-12 (heads or width, as BERT's uncased_L-12_H-768_A-12 writes them).</summary>
    private static bool TryStructuredPair(ReadOnlySpan<char> text, ReadOnlySpan<NameToken> tokens, int index, List<Pending> output)
    {
        if (index + 1 >= tokens.Length || tokens[index].Length != 1 || !tokens[index + 1].AllDigits || tokens[index + 1].Length > 5)
        {
            return false;
        }

        var letter = char.ToLowerInvariant(text[tokens[index].Start]);
        var previous = output.Count > 0 ? output[^1].Code : ElementCode.O;
        ElementCode code;
        if (letter == 'l')
        {
            code = ElementCode.N;
        }
        else if (letter == 'h' || (letter == 'a' && previous is ElementCode.N or ElementCode.H))
        {
            code = ElementCode.H;
        }
        else
        {
            return false;
        }

        var digits = tokens[index + 1];
        output.Add(Pending.Known(code, tokens[index].Start, digits.End - tokens[index].Start, text.Slice(digits.Start, digits.Length).ToString()));
        return true;
    }

    private void ClassifyToken(ReadOnlySpan<char> text, NameToken token, List<Pending> output)
    {
        var span = text.Slice(token.Start, token.Length);
        if (_vocabulary.TryLookup(span, out var entry))
        {
            AddEntry(output, entry, token.Start, token.Length);
            return;
        }

        if (token.HasDigit)
        {
            if (token.AllDigits)
            {
                output.Add(_vocabulary.Version.IsMatch(span) && span.Length < 12
                    ? Pending.Known(ElementCode.V, token.Start, token.Length, null)
                    : Pending.Number(token.Start, token.Length));
                return;
            }

            if (TryShape(span, out var code, out var value))
            {
                output.Add(Pending.Known(code, token.Start, token.Length, value));
                return;
            }
        }

        if (TryLanguagePair(span, token.Start, output) || TryVersionSuffix(span, token.Start, output))
        {
            return;
        }

        if (span.Length <= MaxGluedLength && TryGlued(span, token.Start, output))
        {
            return;
        }

        if (span.Length <= MaxGluedLength && TryAffix(span, token.Start, output))
        {
            return;
        }

        if (span.Length <= MaxGluedLength && (TryTaskSuffix(span, token.Start, output) || TryConversion(span, token.Start, output)))
        {
            return;
        }

        output.Add(Pending.Unknown(token.Start, token.Length));
    }

    /// <summary>
    /// A letters-only word ending in a task word (keywordextractor, adultcontentclassifier, indonli, lfqa) names that task.
    /// The word as a whole is the task element, its value the word itself: the rest may narrow the task (speechrecognition
    /// is not image recognition), so no pipeline task is claimed for it. When the rest is a known word on its own
    /// (storysummarizer), both become elements and the task token keeps its meaning.
    /// </summary>
    private bool TryTaskSuffix(ReadOnlySpan<char> span, int offset, List<Pending> output)
    {
        if (!IsLetters(span))
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
                AddEntry(output, known, offset, head.Length);
                AddEntry(output, suffix.Entry, offset + head.Length, suffix.Text.Length);
            }
            else
            {
                output.Add(Pending.Known(ElementCode.T, offset, span.Length, span.ToString().ToLowerInvariant()));
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
    private bool TryConversion(ReadOnlySpan<char> span, int offset, List<Pending> output)
    {
        var two = span.IndexOf('2');
        if (two < 2 || span.Length - two - 1 < 2)
        {
            return false;
        }

        var from = span[..two];
        var to = span[(two + 1)..];
        if (!IsLetters(from) || !IsLetters(to) || !IsOneWord(from) || !IsOneWord(to)
            || (_vocabulary.TryLookup(from, out var known) && known.Code == ElementCode.A) || TryArchitectureSuffix(from, out _)
            || _vocabulary.IsArchitectureSecondWord(to))
        {
            return false;
        }

        output.Add(Pending.Known(ElementCode.T, offset, span.Length, span.ToString().ToLowerInvariant()));
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

    private static void AddEntry(List<Pending> output, VocabularyEntry entry, int start, int length) =>
        output.Add(new Pending(entry.Code, start, length, entry.Value, entry.Language, entry.ArchitectureId, PendingKind.Known));

    /// <summary>
    /// Shapes of one token with digits and letters: parameter counts (7b, 1.3B, 8x7b, 7b1), versions (v1.5), the
    /// letters-around-a-number rules of shapes.json (L6, H768, b0, patch16, in1k, 128g, epoch3), 32x4d, 512x512.
    /// </summary>
    private bool TryShape(ReadOnlySpan<char> span, out ElementCode code, out string? value)
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
        if (prefix.Length + suffix.Length + 1 <= key.Length && IsLetters(prefix) && IsLetters(suffix))
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

    /// <summary>
    /// Words glued into one token (RoBERTa-large written as one word, gpt2, resnet50, yolov5s, en2zh, BanglaHateBert).
    /// Accepted only when every unknown piece is cut off by a case change or borders a shape such as 13B: an
    /// architecture followed by unknown letters (T5PRJ) is left alone.
    /// </summary>
    private bool TryGlued(ReadOnlySpan<char> span, int offset, List<Pending> output)
    {
        var pieces = _pieceScratch ??= new List<Piece>(8);
        pieces.Clear();
        var position = 0;
        var recognized = 0;
        while (position < span.Length)
        {
            var matched = false;
            for (var end = span.Length; end > position; end--)
            {
                if (end < span.Length && NameTokenizer.BoundaryAt(span, end) == BoundaryKind.None)
                {
                    continue;
                }

                if (position == 0 && end == span.Length)
                {
                    continue;
                }

                if (TryRecognizePiece(span[position..end], pieces, out var piece))
                {
                    pieces.Add(piece with { Start = position, Length = end - position });
                    recognized += piece.Kind == PieceKind.Ignored ? 0 : 1;
                    position = end;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                var end = position + 1;
                while (end < span.Length && NameTokenizer.BoundaryAt(span, end) == BoundaryKind.None)
                {
                    end++;
                }

                // A word ending in an architecture (norbert in norbert2) is that architecture.
                pieces.Add(TryArchitectureSuffix(span[position..end], out var architecture)
                    ? new Piece(PieceKind.Entry, position, end - position, architecture, ElementCode.A, architecture.Value)
                    : new Piece(PieceKind.Unknown, position, end - position, null, ElementCode.O, null));
                recognized += pieces[^1].Kind == PieceKind.Entry ? 1 : 0;
                position = end;
            }
        }

        if (recognized == 0 || !UnknownPiecesAreCutOff(span, pieces))
        {
            return false;
        }

        AbsorbIntoArchitecture(pieces);

        for (var p = 0; p < pieces.Count; p++)
        {
            var piece = pieces[p];
            var start = offset + piece.Start;
            switch (piece.Kind)
            {
                case PieceKind.Entry:
                    AddEntry(output, piece.Entry!, start, piece.Length);
                    break;
                case PieceKind.Number:
                    output.Add(Pending.Number(start, piece.Length));
                    break;
                case PieceKind.Shape:
                    output.Add(Pending.Known(piece.Code, start, piece.Length, piece.Value));
                    break;
                case PieceKind.Ignored:
                    break;
                default:
                    if (!TryAffix(span.Slice(piece.Start, piece.Length), start, output))
                    {
                        output.Add(Pending.Unknown(start, piece.Length));
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// An unknown word glued to an architecture by a case change names a variant of it (StreetCLIP, KanBERTo):
    /// the whole is the architecture element.
    /// </summary>
    private static void AbsorbIntoArchitecture(List<Piece> pieces)
    {
        for (var p = 0; p < pieces.Count; p++)
        {
            if (pieces[p].Kind != PieceKind.Unknown)
            {
                continue;
            }

            var target = p + 1 < pieces.Count && pieces[p + 1].Kind == PieceKind.Entry && pieces[p + 1].Code == ElementCode.A ? p + 1
                : p > 0 && pieces[p - 1].Kind == PieceKind.Entry && pieces[p - 1].Code == ElementCode.A ? p - 1
                : -1;
            if (target < 0)
            {
                continue;
            }

            var start = Math.Min(pieces[p].Start, pieces[target].Start);
            var end = Math.Max(pieces[p].Start + pieces[p].Length, pieces[target].Start + pieces[target].Length);
            pieces[target] = pieces[target] with { Start = start, Length = end - start };
            pieces.RemoveAt(p);
            p = -1;
        }
    }

    /// <summary>Two language codes joined by "2" or "to" in one token: en2zh, zh2en, deto en.</summary>
    private bool TryLanguagePair(ReadOnlySpan<char> span, int offset, List<Pending> output)
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
                output.Add(Pending.Known(ElementCode.L, offset, cut, fromCode));
                output.Add(Pending.Known(ElementCode.L, offset + cut + joinLength, right.Length, toCode));
                return true;
            }
        }

        return false;
    }

    private static string? LanguageOf(VocabularyEntry entry) => entry.Code == ElementCode.L ? entry.Value : entry.Language;

    private bool TryRecognizePiece(ReadOnlySpan<char> piece, List<Piece> before, out Piece result)
    {
        result = default;
        var previous = before.Count > 0 ? before[^1] : default;
        var afterArchitecture = before.Count > 0
            && (previous.Code == ElementCode.A || (previous.Kind == PieceKind.Number && before.Count > 1 && before[^2].Code == ElementCode.A));

        if (piece.Length == 1 && !char.IsAsciiDigit(piece[0]))
        {
            // A lone letter is a size only right after an architecture or its number (yolov5s, resnet50d is not: d is no size).
            if (afterArchitecture && _vocabulary.TryLetterSize(piece, out var size))
            {
                result = new Piece(PieceKind.Shape, 0, 1, null, ElementCode.S, size);
                return true;
            }

            return false;
        }

        if (_vocabulary.IsIgnored(piece))
        {
            result = new Piece(PieceKind.Ignored, 0, piece.Length, null, ElementCode.O, null);
            return true;
        }

        // Short codes (Fa, Oti) inside a glued word are too likely to be syllables to count as languages.
        if (_vocabulary.TryLookup(piece, out var entry)
            && !(entry.Code == ElementCode.O && entry.Language is not null)
            && !(entry.Code == ElementCode.L && piece.Length <= 3))
        {
            result = new Piece(PieceKind.Entry, 0, piece.Length, entry, entry.Code, entry.Value);
            return true;
        }

        if (!piece.ContainsAnyExceptInRange('0', '9'))
        {
            result = new Piece(PieceKind.Number, 0, piece.Length, null, ElementCode.O, null);
            return true;
        }

        if (piece.IndexOfAnyInRange('0', '9') >= 0 && TryShape(piece, out var code, out var value))
        {
            result = new Piece(PieceKind.Shape, 0, piece.Length, null, code, value);
            return true;
        }

        return false;
    }

    private static bool UnknownPiecesAreCutOff(ReadOnlySpan<char> span, List<Piece> pieces)
    {
        for (var p = 0; p < pieces.Count; p++)
        {
            if (pieces[p].Kind != PieceKind.Unknown)
            {
                continue;
            }

            if (p > 0 && !IsCutOff(span, pieces[p - 1], pieces[p].Start))
            {
                return false;
            }

            if (p + 1 < pieces.Count && !IsCutOff(span, pieces[p + 1], pieces[p + 1].Start))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A neighbour of an unknown piece is fine when a case change separates them or when it is a self-evident shape (13B, v2).</summary>
    private static bool IsCutOff(ReadOnlySpan<char> span, Piece neighbour, int boundary) =>
        neighbour.Kind == PieceKind.Shape && neighbour.Code is ElementCode.P or ElementCode.V or ElementCode.Q
        || NameTokenizer.BoundaryAt(span, boundary) == BoundaryKind.Strong;

    /// <summary>
    /// An architecture alias ending a longer word (finbert, banglabert, RUTERGPT) or starting one whose rest is known
    /// (bertfr). The prefix becomes its own element when it is known (bangla → language).
    /// </summary>
    private bool TryAffix(ReadOnlySpan<char> span, int offset, List<Pending> output)
    {
        foreach (var prefix in _vocabulary.Prefixes)
        {
            if (span.Length > prefix.Text.Length && span.StartsWith(prefix.Text, StringComparison.OrdinalIgnoreCase))
            {
                var rest = span[prefix.Text.Length..];
                if (_vocabulary.TryLookup(rest, out var known) && known.Code is not ElementCode.O and not ElementCode.A)
                {
                    AddEntry(output, prefix.Entry, offset, prefix.Text.Length);
                    AddEntry(output, known, offset + prefix.Text.Length, rest.Length);
                }
                else
                {
                    AddEntry(output, prefix.Entry, offset, span.Length);
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

            if (span.EndsWith(affix.Text, StringComparison.OrdinalIgnoreCase) && IsLetters(span[..^length]))
            {
                var head = span[..^length];
                if (_vocabulary.TryLookup(head, out var known) && known.Code is ElementCode.L or ElementCode.D or ElementCode.T && known.Language is null)
                {
                    AddEntry(output, known, offset, head.Length);
                    AddEntry(output, affix.Entry, offset + head.Length, length);
                }
                else
                {
                    AddEntry(output, affix.Entry, offset, span.Length);
                }

                return true;
            }

            if (span.StartsWith(affix.Text, StringComparison.OrdinalIgnoreCase)
                && _vocabulary.TryLookup(span[length..], out var tail) && tail.Code != ElementCode.O)
            {
                AddEntry(output, affix.Entry, offset, length);
                AddEntry(output, tail, offset + length, span.Length - length);
                return true;
            }
        }

        return false;
    }

    /// <summary>A letters-only word that ends with an architecture alias after at least two letters (finbert, RUTERGPT).</summary>
    private bool TryArchitectureSuffix(ReadOnlySpan<char> word, out VocabularyEntry entry)
    {
        foreach (var affix in _vocabulary.Affixes)
        {
            if (word.Length >= affix.Text.Length + 2 && word.EndsWith(affix.Text, StringComparison.OrdinalIgnoreCase) && IsLetters(word[..^affix.Text.Length]))
            {
                entry = affix.Entry;
                return true;
            }
        }

        entry = null!;
        return false;
    }

    /// <summary>
    /// A known word with a version glued on: arabertv02, norbert2 (head + V). The head must be known on its own
    /// (an alias or a word ending in an architecture); short trailing numbers count only after an architecture.
    /// </summary>
    private bool TryVersionSuffix(ReadOnlySpan<char> span, int offset, List<Pending> output)
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
        if (head.Length < 3 || !IsLetters(head) || (!hasV && span.Length - digits > 2))
        {
            return false;
        }

        VocabularyEntry? entry = _vocabulary.TryLookup(head, out var known) && known.Code is not ElementCode.O ? known
            : TryArchitectureSuffix(head, out var architecture) ? architecture
            : null;
        if (entry is null || (!hasV && entry.Code != ElementCode.A))
        {
            return false;
        }

        // vgg13, dla34: a trailing number of two or more digits on a CNN name is its depth, not a version.
        var trailing = span[head.Length..];
        var code = hasV || trailing.Length == 1 ? ElementCode.V : ElementCode.S;
        AddEntry(output, entry, offset, head.Length);
        output.Add(Pending.Known(code, offset + head.Length, trailing.Length, null));
        return true;
    }

    private static bool IsLetters(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A code that is also a word (it, ms, hi) is a language only beside another language (opus-mt-it-en, en2it),
    /// or beside another code in a translation name (opus-mt-ms-it).
    /// </summary>
    private void ResolveLanguages(List<Pending> pending)
    {
        const string translationTask = "translation";
        var anyCandidate = false;
        var translation = false;
        foreach (var item in pending)
        {
            anyCandidate |= item.Language is not null && item.Code != ElementCode.L;
            translation |= (item.Code == ElementCode.T && item.Value == translationTask)
                || (item.Code == ElementCode.A && _vocabulary.TaskOfArchitecture(item.ArchitectureId) == translationTask);
        }

        if (!anyCandidate)
        {
            return;
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            for (var i = 0; i < pending.Count; i++)
            {
                var item = pending[i];
                if (item.Language is null || item.Code == ElementCode.L)
                {
                    continue;
                }

                var previous = Neighbour(pending, i, -1);
                var next = Neighbour(pending, i, +1);
                var besideLanguage = previous?.Code == ElementCode.L || next?.Code == ElementCode.L;
                var pairInTranslation = translation && (previous?.Language is not null || next?.Language is not null);
                if (besideLanguage || pairInTranslation)
                {
                    pending[i] = item with { Code = ElementCode.L, Value = item.Language, Kind = PendingKind.Known };
                    changed = true;
                }
            }
        }
    }

    /// <summary>
    /// A large model's release ends its name with -it (instruction-tuned) or -pt (pretrained): gemma-2-2b-jpn-it,
    /// gemma-3-27b-pt. After a parameter count these are no languages (Italian, Portuguese), which never end such a name.
    /// </summary>
    private static void ReadReleaseSuffix(List<Pending> pending)
    {
        if (pending.Count < 2 || pending[^1] is not { Code: ElementCode.L, Value: "it" or "pt" } last
            || !pending.Exists(item => item.Code == ElementCode.P))
        {
            return;
        }

        pending[^1] = last.Value == "it"
            ? last with { Code = ElementCode.T, Value = "text-generation", Language = null }
            : last with { Code = ElementCode.R, Value = "pretraining", Language = null };
    }

    /// <summary>The neighbour on one side, stepping over a bare "2" between two codes (en2zh, de-2-en).</summary>
    private static Pending? Neighbour(List<Pending> pending, int index, int step)
    {
        var j = index + step;
        if (j < 0 || j >= pending.Count)
        {
            return null;
        }

        if (pending[j].Kind == PendingKind.Number && pending[j].Length == 1 && j + step >= 0 && j + step < pending.Count)
        {
            return pending[j + step];
        }

        return pending[j];
    }

    /// <summary>
    /// Bare numbers take their meaning from the neighbours: a size of the architecture before them (resnet-50),
    /// a connector between two languages (en-2-zh), a resolution or length (224, 512, 4096), a generation right after an
    /// architecture (stable-diffusion-2), or other.
    /// </summary>
    private void ResolveNumbers(ReadOnlySpan<char> text, List<Pending> pending)
    {
        for (var i = 0; i < pending.Count; i++)
        {
            var item = pending[i];
            if (item.Kind != PendingKind.Number)
            {
                continue;
            }

            var digits = text.Slice(item.Start, item.Length);
            var previous = i > 0 ? pending[i - 1] : default;
            var next = i + 1 < pending.Count ? pending[i + 1] : default;
            if (TryDecimalCount(text, item, previous, next, out var joined))
            {
                pending[i] = joined;
                pending[i + 1] = next with { Kind = PendingKind.Dropped };
                continue;
            }

            if (previous.Code == ElementCode.A && previous.ArchitectureId is { } id
                && _vocabulary.Architecture(id).Sizes.ContainsKey(digits.ToString()))
            {
                pending[i] = Pending.Known(ElementCode.S, item.Start, item.Length, digits.ToString());
                continue;
            }

            if (digits.Length == 1 && previous.Code == ElementCode.L && next.Code == ElementCode.L)
            {
                pending[i] = item with { Kind = PendingKind.Dropped };
                continue;
            }

            _ = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
            pending[i] = number switch
            {
                >= 96 and <= 65536 when number % 32 == 0 || number is 299 or 518 => Pending.Known(ElementCode.C, item.Start, item.Length, null),
                < 10 when digits.Length == 1 && previous.Code == ElementCode.A && previous.Kind == PendingKind.Known => Pending.Known(ElementCode.V, item.Start, item.Length, null),
                _ => Pending.Unknown(item.Start, item.Length),
            };
        }
    }

    /// <summary>
    /// A parameter count written without its decimal point: stablelm-2-1_6b (an underscore between digits is one), or
    /// opt-1-3b where the architecture's sizes say 1.3b and not 3b. Llama-2-7b stays generation 2 with 7B parameters.
    /// </summary>
    private bool TryDecimalCount(ReadOnlySpan<char> text, Pending digit, Pending previous, Pending next, out Pending joined)
    {
        joined = default;
        if (digit.Length != 1 || next.Code != ElementCode.P || next.Start != digit.Start + 2
            || !char.IsAsciiDigit(text[next.Start]) || text.Slice(next.Start, next.Length).Contains('.'))
        {
            return false;
        }

        var decimalText = $"{text[digit.Start]}.{text.Slice(next.Start, next.Length)}";
        var underscore = text[digit.Start + 1] == '_';
        var sizedSo = previous.Code == ElementCode.A && previous.ArchitectureId is { } id
            && _vocabulary.Architecture(id).Sizes is var sizes
            && sizes.ContainsKey(decimalText.ToLowerInvariant()) && !sizes.ContainsKey(text.Slice(next.Start, next.Length).ToString().ToLowerInvariant());
        if ((!underscore && !sizedSo) || !ParameterCount.TryParse(decimalText, _vocabulary.ParameterMultipliers, out var value))
        {
            return false;
        }

        joined = Pending.Known(ElementCode.P, digit.Start, next.Start + next.Length - digit.Start, value);
        return true;
    }

    /// <summary>
    /// A name without a known architecture usually names its model with a word of its own: the first unknown token
    /// when the name gives a size or parameter count (giraffe-7b, palmyra-base), or an unknown first token followed
    /// by known elements (lyriel-v1.5, deprem-ner). Unknown words alone (fruits, sea_mammals) stay "other".
    /// </summary>
    private static void NameTheUnnamedArchitecture(List<Pending> pending)
    {
        var sized = false;
        var firstUnknown = -1;
        var known = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var item = pending[i];
            if (item.Kind == PendingKind.Known && item.Code == ElementCode.A)
            {
                return;
            }

            if (item.Kind == PendingKind.Dropped)
            {
                continue;
            }

            if (item.Kind == PendingKind.Unknown && firstUnknown < 0)
            {
                firstUnknown = i;
            }

            sized |= item.Kind == PendingKind.Known && item.Code is ElementCode.P or ElementCode.S;
            known += item.Kind == PendingKind.Known && item.Code != ElementCode.O ? 1 : 0;
        }

        if (firstUnknown >= 0 && (sized || (firstUnknown == 0 && known > 0)))
        {
            var item = pending[firstUnknown];
            pending[firstUnknown] = Pending.Known(ElementCode.A, item.Start, item.Length, null);
        }
    }

    /// <summary>
    /// A mixture of experts names its active parameters with an A glued to a count (Qwen3-235B-A22B, MoE-A2.7B,
    /// granite-1b-a400m), and Gemma 3n its effective ones with an E (gemma-3n-E4B holds about 8B): one word of its own,
    /// not a second total for the size check to hold against the model.
    /// </summary>
    private static void ReadActiveParameters(ReadOnlySpan<char> text, List<Pending> pending)
    {
        for (var i = 0; i + 1 < pending.Count; i++)
        {
            // Llama-4-Scout-17B-16E: 17B is what each token activates among 16 experts, not the model's size.
            if (pending[i] is { Code: ElementCode.P, Kind: PendingKind.Known } perToken && pending[i + 1].Code == ElementCode.O
                && IsExpertCount(text.Slice(pending[i + 1].Start, pending[i + 1].Length)) && IsSeparatorsOnly(text[(perToken.Start + perToken.Length)..pending[i + 1].Start]))
            {
                pending[i] = Pending.Known(ElementCode.O, perToken.Start, pending[i + 1].Start + pending[i + 1].Length - perToken.Start, null);
                pending.RemoveAt(i + 1);
                continue;
            }

            var marker = pending[i];
            var count = pending[i + 1];
            if (count.Code != ElementCode.P || count.Kind != PendingKind.Known || marker.Code != ElementCode.O
                || marker.Start + marker.Length != count.Start || text[count.Start - 1] is not ('A' or 'a' or 'E' or 'e')
                || (marker.Length > 1 && text[count.Start - 2] is not ('-' or '_')))
            {
                continue;
            }

            var start = count.Start - 1;
            var active = Pending.Known(ElementCode.O, start, count.Start + count.Length - start, null);
            if (marker.Length == 1)
            {
                pending[i] = active;
                pending.RemoveAt(i + 1);
            }
            else
            {
                pending[i] = marker with { Length = marker.Length - 2 };
                pending[i + 1] = active;
            }
        }
    }

    private static bool IsExpertCount(ReadOnlySpan<char> token) =>
        token.Length >= 2 && token[^1] is 'e' or 'E' && token[..^1].IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>
    /// A name states its size once; a second count is something else: the tokens seen (TinyLlama-1.1B-…-3T) or the
    /// context length (Qwen2.5-7B-Instruct-1M). It stays other rather than a second size to hold against the model.
    /// </summary>
    private static void KeepTheFirstParameterCount(List<Pending> pending)
    {
        var first = pending.FindIndex(item => item.Code == ElementCode.P && item.Kind == PendingKind.Known);
        for (var i = first + 1; first >= 0 && i < pending.Count; i++)
        {
            if (pending[i] is { Code: ElementCode.P, Kind: PendingKind.Known } later)
            {
                pending[i] = later with { Code = ElementCode.O, Value = null };
            }
        }
    }

    /// <summary>
    /// An unknown word that opens the name right before an architecture is that model's brand built on it
    /// (plat-diffusion, backpack-gpt2, yuren-baichuan): one architecture element covers both.
    /// </summary>
    private static void JoinBrandToArchitecture(ReadOnlySpan<char> text, List<Pending> pending)
    {
        if (pending.Count < 2 || pending[0].Kind != PendingKind.Unknown || pending[1].Kind != PendingKind.Known || pending[1].Code != ElementCode.A)
        {
            return;
        }

        var brand = pending[0];
        var architecture = pending[1];
        if (!IsLetters(text.Slice(brand.Start, brand.Length)) || !IsSeparatorsOnly(text[(brand.Start + brand.Length)..architecture.Start]))
        {
            return;
        }

        pending[1] = architecture with { Start = brand.Start, Length = architecture.Start + architecture.Length - brand.Start };
        pending.RemoveAt(0);
    }

    /// <summary>
    /// ExLlamaV2 quantizations name the bits of the output head beside the bits per weight (Yi-34B-4.0bpw-h6-exl2):
    /// there h6 is part of the quantization, not six attention heads to hold against the config.
    /// </summary>
    private static void ReadExl2HeadBits(ReadOnlySpan<char> text, List<Pending> pending)
    {
        var exl2 = false;
        foreach (var item in pending)
        {
            exl2 |= item.Code == ElementCode.Q
                && (item.Value == "exl2" || text.Slice(item.Start, item.Length).EndsWith("bpw", StringComparison.OrdinalIgnoreCase));
        }

        for (var i = 0; exl2 && i < pending.Count; i++)
        {
            if (pending[i] is { Code: ElementCode.H, Value: "6" or "8" } headBits)
            {
                pending[i] = headBits with { Code = ElementCode.Q, Value = null };
            }
        }
    }

    private static NamingElement[] Emit(string name, ReadOnlySpan<char> text, List<Pending> pending)
    {
        var elements = new NamingElement[pending.Count];
        var count = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var item = pending[i];
            if (item.Kind == PendingKind.Dropped)
            {
                continue;
            }

            var code = item.Kind == PendingKind.Known ? item.Code : ElementCode.O;
            var start = item.Start;
            var end = item.Start + item.Length;
            if (code == ElementCode.O)
            {
                // Adjacent unknown tokens are one "other" unit (my-awesome-model), as long as only separators lie between.
                while (i + 1 < pending.Count && IsOther(pending[i + 1]) && IsSeparatorsOnly(text[end..pending[i + 1].Start]))
                {
                    i++;
                    end = pending[i].Start + pending[i].Length;
                }
            }

            var written = name.Substring(start, end - start);
            var value = code == ElementCode.O || item.Value is null ? written.ToLowerInvariant() : item.Value;
            elements[count++] = new NamingElement(code, written, value, start, end - start);
        }

        return count == elements.Length ? elements : elements[..count];
    }

    private static bool IsOther(Pending item) =>
        item.Kind is PendingKind.Unknown || (item.Kind == PendingKind.Known && item.Code == ElementCode.O);

    private static bool IsSeparatorsOnly(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private enum PendingKind : byte
    {
        Known,
        Number,
        Unknown,
        Dropped,
    }

    private enum PieceKind : byte
    {
        Unknown,
        Ignored,
        Entry,
        Number,
        Shape,
    }

    /// <summary>An element being built: still open to the neighbour rules.</summary>
    private readonly record struct Pending(
        ElementCode Code,
        int Start,
        int Length,
        string? Value,
        string? Language,
        string? ArchitectureId,
        PendingKind Kind)
    {
        public static Pending Known(ElementCode code, int start, int length, string? value) =>
            new(code, start, length, value, null, null, PendingKind.Known);

        public static Pending Number(int start, int length) => new(ElementCode.O, start, length, null, null, null, PendingKind.Number);

        public static Pending Unknown(int start, int length) => new(ElementCode.O, start, length, null, null, null, PendingKind.Unknown);
    }

    /// <summary>One piece of a glued token.</summary>
    private readonly record struct Piece(PieceKind Kind, int Start, int Length, VocabularyEntry? Entry, ElementCode Code, string? Value);
}
