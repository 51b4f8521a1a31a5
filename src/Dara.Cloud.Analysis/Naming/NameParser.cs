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
/// <para>
/// <see cref="NameParser"/> matches the phrases and two-token shapes, <see cref="TokenClassifier"/> reads every other
/// token (with <see cref="ShapeReader"/>, <see cref="AffixReader"/> and <see cref="GluedWordSplitter"/>), and
/// <see cref="NeighbourRules"/> apply the neighbour rules before the elements are emitted.
/// Vocabularies are the JSON files under Naming/Vocabulary; the rules hold no model, task or dataset names.
/// </para>
/// </remarks>
public sealed class NameParser
{
    /// <summary>Longest name part read; the rest of a longer name is ignored and <see cref="ParsedName.Truncated"/> is set.</summary>
    public const int MaxNameLength = 512;

    private const int MaxTokens = (MaxNameLength / 2) + 1;
    private const int MaxKeyLength = 128;

    private static readonly Lazy<NameParser> _default = new(() => new NameParser(NamingVocabulary.Default));

    [ThreadStatic]
    private static List<PendingElement>? _pendingScratch;

    private readonly NamingVocabulary _vocabulary;
    private readonly TokenClassifier _tokens;
    private readonly NeighbourRules _rules;

    /// <summary>A parser over the given vocabulary.</summary>
    public NameParser(NamingVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary;
        _tokens = new TokenClassifier(vocabulary);
        _rules = new NeighbourRules(vocabulary);
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

        var pending = _pendingScratch ??= new List<PendingElement>(16);
        pending.Clear();
        Scan(text, tokens, pending);
        _rules.Apply(text, pending);
        return new ParsedName(owner, name, Emit(name, text, pending), truncated);
    }

    private void Scan(ReadOnlySpan<char> text, ReadOnlySpan<NameToken> tokens, List<PendingElement> output)
    {
        var i = 0;
        while (i < tokens.Length)
        {
            if (TryPhrase(text, tokens, i, out var used, out var entry))
            {
                var last = tokens[i + used - 1];
                output.Add(PendingElement.Of(entry, tokens[i].Start, last.End - tokens[i].Start));
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
                _tokens.Classify(text, tokens[i], output);
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
    private static bool TryStructuredPair(ReadOnlySpan<char> text, ReadOnlySpan<NameToken> tokens, int index, List<PendingElement> output)
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
        output.Add(PendingElement.Known(code, tokens[index].Start, digits.End - tokens[index].Start, text.Slice(digits.Start, digits.Length).ToString()));
        return true;
    }

    private static NamingElement[] Emit(string name, ReadOnlySpan<char> text, List<PendingElement> pending)
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
                while (i + 1 < pending.Count && IsOther(pending[i + 1]) && NameText.IsSeparatorsOnly(text[end..pending[i + 1].Start]))
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

    private static bool IsOther(PendingElement item) =>
        item.Kind is PendingKind.Unknown || (item.Kind == PendingKind.Known && item.Code == ElementCode.O);
}
