using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// Everything the name parser knows, read once from the JSON files embedded under <c>Naming/Vocabulary</c>:
/// architectures, sizes, tasks, datasets, dataset characteristics, languages, reuse methods, training processes, formats,
/// quantizations, versions, and the generic words that are 'other'.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class NamingVocabulary
{
    private const string ResourcePrefix = "Dara.Cloud.Analysis.Naming.Vocabulary.";

    private static readonly Lazy<NamingVocabulary> _default = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, VocabularyEntry> _entries;
    private readonly FrozenDictionary<string, VocabularyEntry>.AlternateLookup<ReadOnlySpan<char>> _entryLookup;
    private readonly FrozenDictionary<string, ArchitectureInfo> _architectures;
    private readonly FrozenDictionary<string, ArchitectureInfo> _architecturesByModelType;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _letterSizes;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _ignored;
    private readonly FrozenDictionary<string, string> _datasetTasks;
    private readonly FrozenDictionary<string, ShapeRule>.AlternateLookup<ReadOnlySpan<char>> _shapes;

    private NamingVocabulary(
        FrozenDictionary<string, VocabularyEntry> entries,
        FrozenDictionary<string, ArchitectureInfo> architectures,
        IReadOnlyList<AffixEntry> affixes,
        IReadOnlyList<AffixEntry> prefixes,
        FrozenSet<string> ignored,
        FrozenDictionary<string, string> datasetTasks,
        FrozenDictionary<string, ShapeRule> shapes,
        FrozenDictionary<string, string> letterSizes,
        FrozenDictionary<char, long> parameterMultipliers,
        Regex version,
        Regex versionPhrase,
        int maxPhraseTokens)
    {
        _entries = entries;
        _entryLookup = entries.GetAlternateLookup<ReadOnlySpan<char>>();
        _architectures = architectures;
        _architecturesByModelType = architectures.Values
            .GroupBy(a => a.ModelType, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.FirstOrDefault(a => a.Id == g.Key) ?? g.First(), StringComparer.OrdinalIgnoreCase);
        Affixes = affixes;
        Prefixes = prefixes;
        _ignored = ignored.GetAlternateLookup<ReadOnlySpan<char>>();
        _datasetTasks = datasetTasks;
        _shapes = shapes.GetAlternateLookup<ReadOnlySpan<char>>();
        _letterSizes = letterSizes.GetAlternateLookup<ReadOnlySpan<char>>();
        ParameterMultipliers = parameterMultipliers;
        Version = version;
        VersionPhrase = versionPhrase;
        MaxPhraseTokens = maxPhraseTokens;
    }

    /// <summary>The vocabulary shipped with the engine.</summary>
    public static NamingVocabulary Default => _default.Value;

    /// <summary>The Hub's pipeline task ids (text-classification, text-to-speech…), from hub-tasks.json.</summary>
    public IReadOnlySet<string> PipelineTasks { get; private init; } = FrozenSet<string>.Empty;

    /// <summary>The English name of each ISO 639-1 language code (it → Italian), from languages.json.</summary>
    public IReadOnlyDictionary<string, string> LanguageNames { get; private init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Every architecture or brand known, by vocabulary id.</summary>
    public IReadOnlyCollection<ArchitectureInfo> Architectures => _architectures.Values;

    /// <summary>How many entries (tokens and phrases) the parser can match.</summary>
    public int EntryCount => _entries.Count;

    internal IReadOnlyList<AffixEntry> Affixes { get; }

    internal IReadOnlyList<AffixEntry> Prefixes { get; }

    /// <summary>Task tokens that also name the task at the end of a longer word (keywordextractor, indonli), longest first.</summary>
    internal IReadOnlyList<AffixEntry> TaskSuffixes { get; private init; } = [];

    /// <summary>
    /// The second words of architecture names built as word-2-word (vec of word2vec, struct of pix2struct): a name of that
    /// shape ending in one (text2vec, music2vec) is a model of the family, not a conversion task.
    /// </summary>
    internal FrozenSet<string> ArchitectureSecondWords { get; private init; } = FrozenSet<string>.Empty;

    internal FrozenDictionary<char, long> ParameterMultipliers { get; }

    internal Regex Version { get; }

    internal Regex VersionPhrase { get; }

    internal int MaxPhraseTokens { get; }

    /// <summary>
    /// The architecture a model_type, vocabulary id or alias names (case-insensitive; '_' and '-' are alike), or null.
    /// </summary>
    public ArchitectureInfo? FindArchitecture(string modelTypeOrAlias)
    {
        ArgumentNullException.ThrowIfNull(modelTypeOrAlias);
        if (_architecturesByModelType.TryGetValue(modelTypeOrAlias, out var byType)
            || _architectures.TryGetValue(modelTypeOrAlias, out byType))
        {
            return byType;
        }

        var key = NormalizeKey(modelTypeOrAlias);
        return _entries.TryGetValue(key, out var entry) && entry.Code == ElementCode.A && entry.ArchitectureId is not null
            ? _architectures[entry.ArchitectureId]
            : null;
    }

    /// <summary>
    /// The task an element states or implies: a task element's pipeline tag or goal, the task a dataset implies
    /// (squad → question-answering, conll2003 → token-classification) or the one an architecture exists for
    /// (marian → translation); null otherwise.
    /// </summary>
    public string? TaskOf(NamingElement element) => element.Code switch
    {
        ElementCode.T => element.Value,
        ElementCode.D => _datasetTasks.GetValueOrDefault(element.Value),
        ElementCode.A => FindArchitecture(element.Value)?.Task,
        _ => null,
    };

    /// <summary>The task an architecture exists for (marian → translation), by vocabulary id; null for general ones.</summary>
    internal string? TaskOfArchitecture(string? architectureId) =>
        architectureId is not null && _architectures.TryGetValue(architectureId, out var info) ? info.Task : null;

    /// <summary>The family of a model_type (camembert → roberta, hubert → wav2vec2), or the model_type itself when unknown.</summary>
    public string FamilyOf(string modelType) => FindArchitecture(modelType)?.Family ?? modelType;

    internal bool TryLookup(ReadOnlySpan<char> key, out VocabularyEntry entry) => _entryLookup.TryGetValue(key, out entry!);

    /// <summary>Whether <paramref name="word"/> ends a word-2-word architecture name (vec of word2vec).</summary>
    internal bool IsArchitectureSecondWord(ReadOnlySpan<char> word) =>
        ArchitectureSecondWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    /// <summary>Function words (for, to, with) that are no element.</summary>
    internal bool IsIgnored(ReadOnlySpan<char> token) => _ignored.Contains(token);

    /// <summary>The shape rule for letters around a number, keyed "prefix#suffix" in lower case (l#, in#k).</summary>
    internal bool TryShape(ReadOnlySpan<char> key, out ShapeRule rule) => _shapes.TryGetValue(key, out rule!);

    internal bool TryLetterSize(ReadOnlySpan<char> letter, out string size) => _letterSizes.TryGetValue(letter, out size!);

    internal ArchitectureInfo Architecture(string id) => _architectures[id];

    /// <summary>Lower-cases and joins the words of a vocabulary key with '-' (spaces and '_' become '-').</summary>
    internal static string NormalizeKey(string text) =>
        string.Join('-', text.ToLowerInvariant().Split([' ', '_', '-', '/'], StringSplitOptions.RemoveEmptyEntries));

    private static NamingVocabulary Load()
    {
        var builder = new VocabularyBuilder();
        var context = VocabularyJsonContext.Default;

        // Order is priority: a token listed in two files keeps the meaning of the first one read.
        var formats = Read("formats.json", context.FormatsFile);
        var hubTasks = Read("hub-tasks.json", context.HubTasksFile);
        builder.AddAll(formats.Quantizations, ElementCode.Q);
        foreach (var quant in hubTasks.GgufQuantizationTypes)
        {
            builder.Add(quant, ElementCode.Q, quant.ToLowerInvariant());
        }

        builder.AddAll(formats.Formats, ElementCode.W);

        var architectures = new Dictionary<string, ArchitectureInfo>(StringComparer.OrdinalIgnoreCase);
        var affixes = new List<AffixEntry>();
        var prefixes = new List<AffixEntry>();
        foreach (var record in Read("architectures.json", context.ArchitecturesFile).Architectures)
        {
            var info = new ArchitectureInfo(
                record.Id,
                record.ModelType,
                record.Family,
                record.Display ?? record.Id,
                record.Role,
                record.Task,
                (record.Sizes ?? new Dictionary<string, ReferenceSize>()).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase))
            {
                Flagship = record.Flagship,
            };
            architectures.Add(record.Id, info);
            foreach (var alias in record.Aliases)
            {
                builder.Add(alias, ElementCode.A, record.ModelType, record.Id);
            }

            foreach (var affix in record.Affixes ?? [])
            {
                affixes.Add(new AffixEntry(affix, new VocabularyEntry(ElementCode.A, record.ModelType, null, record.Id)));
            }

            foreach (var prefix in record.Prefixes ?? [])
            {
                prefixes.Add(new AffixEntry(prefix, new VocabularyEntry(ElementCode.A, record.ModelType, null, record.Id)));
            }
        }

        var sizes = Read("sizes.json", context.SizesFile);
        builder.AddAll(sizes.Words, ElementCode.S);
        builder.AddAll(Read("reuse-methods.json", context.ReuseMethodsFile).Methods, ElementCode.F);
        builder.AddAll(Read("training.json", context.TrainingFile).Processes, ElementCode.R);
        builder.AddAll(Read("characteristics.json", context.CharacteristicsFile).Characteristics, ElementCode.C);
        var datasetTasks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var dataset in Read("datasets.json", context.DatasetsFile).Datasets)
        {
            foreach (var alias in dataset.Aliases)
            {
                var key = NormalizeKey(alias);
                builder.Add(alias, ElementCode.D, key);
                if (dataset.Task is { } task)
                {
                    datasetTasks.TryAdd(key, task);
                }
            }
        }

        var tasks = Read("tasks.json", context.TasksFile);
        builder.AddAll(tasks.Tokens, ElementCode.T);
        foreach (var pipeline in hubTasks.Pipelines)
        {
            builder.Add(pipeline.Id, ElementCode.T, pipeline.Id);
            foreach (var subtask in pipeline.Subtasks)
            {
                builder.Add(subtask, ElementCode.T, pipeline.Id);
            }
        }

        var languages = Read("languages.json", context.LanguagesFile);
        AddLanguages(builder, languages, Read("language-aliases.json", context.LanguageAliasesFile));

        var versions = Read("versions.json", context.VersionsFile);
        foreach (var word in versions.Words)
        {
            builder.Add(word, ElementCode.V, word);
        }

        foreach (var application in tasks.Applications)
        {
            builder.Add(application, ElementCode.T, NormalizeKey(application));
        }

        var other = Read("other.json", context.OtherFile);
        builder.AddAll(other.Words, ElementCode.O);

        var entries = builder.Build();
        var taskSuffixes = LongestFirst((tasks.Suffixes ?? []).Select(suffix => new AffixEntry(suffix, TaskEntry(entries, suffix))));

        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;
        var timeout = TimeSpan.FromSeconds(1);
        return new NamingVocabulary(
            entries,
            architectures.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            LongestFirst(affixes),
            LongestFirst(prefixes),
            other.Ignored.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            datasetTasks.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            ShapeRules(Read("shapes.json", context.ShapesFile)),
            sizes.LetterSuffixes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            sizes.ParameterMultipliers.ToFrozenDictionary(p => char.ToLowerInvariant(p.Key[0]), p => p.Value),
            new Regex(string.Join('|', versions.Patterns.Select(p => $"(?:{p})")), options, timeout),
            new Regex(string.Join('|', versions.PhrasePatterns.Select(p => $"(?:{p})")), options, timeout),
            builder.MaxPhraseTokens)
        {
            PipelineTasks = hubTasks.Pipelines.Select(p => p.Id).ToFrozenSet(StringComparer.Ordinal),
            LanguageNames = languages.Iso6391.DistinctBy(l => l.Code, StringComparer.OrdinalIgnoreCase)
                .ToFrozenDictionary(l => l.Code, l => l.Name, StringComparer.OrdinalIgnoreCase),
            TaskSuffixes = taskSuffixes,
            ArchitectureSecondWords = entries
                .Where(e => e.Value.Code == ElementCode.A && IsWordTwoWord(e.Key))
                .Select(e => e.Key[(e.Key.IndexOf('2', StringComparison.Ordinal) + 1)..])
                .Where(second => !(entries.TryGetValue(second, out var entry) && entry.Code != ElementCode.O)) // not "text" of speech2text
                .ToFrozenSet(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>Affixes in the order words are tried against them: longest first, so an ending is tried before any shorter one it contains.</summary>
    private static AffixEntry[] LongestFirst(IEnumerable<AffixEntry> affixes) =>
        affixes.OrderByDescending(a => a.Text.Length).ThenBy(a => a.Text, StringComparer.Ordinal).ToArray();

    /// <summary>letters, "2", letters: word2vec, pix2struct.</summary>
    private static bool IsWordTwoWord(string key)
    {
        var two = key.IndexOf('2', StringComparison.Ordinal);
        return two >= 2 && key.Length - two - 1 >= 2
            && !key.AsSpan(0, two).ContainsAnyExceptInRange('a', 'z')
            && !key.AsSpan(two + 1).ContainsAnyExceptInRange('a', 'z');
    }

    /// <summary>The entry of a task suffix: it must be a task token itself, so the split-off suffix has the token's meaning.</summary>
    private static VocabularyEntry TaskEntry(FrozenDictionary<string, VocabularyEntry> entries, string suffix) =>
        entries.TryGetValue(NormalizeKey(suffix), out var entry) && entry.Code == ElementCode.T && entry.Language is null
            ? entry
            : throw new InvalidOperationException($"The task suffix '{suffix}' of tasks.json is not a task token of its own.");

    private static FrozenDictionary<string, ShapeRule> ShapeRules(ShapesFile file)
    {
        var rules = new Dictionary<string, ShapeRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var shape in file.Shapes)
        {
            var rule = new ShapeRule(shape.Code, shape.Value, shape.MaxDigits ?? int.MaxValue);
            foreach (var prefix in shape.Prefixes ?? [string.Empty])
            {
                foreach (var suffix in shape.Suffixes ?? [string.Empty])
                {
                    rules.TryAdd(ShapeRule.Key(prefix, suffix), rule);
                }
            }
        }

        return rules.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static void AddLanguages(VocabularyBuilder builder, LanguagesFile languages, LanguageAliasesFile aliases)
    {
        var standalone = aliases.StandaloneCodes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var language in languages.Iso6391)
        {
            byName.TryAdd(language.Name, language.Code);
        }

        foreach (var (name, code) in aliases.Names)
        {
            builder.Add(name, ElementCode.L, code);
        }

        foreach (var language in languages.Iso6391)
        {
            AddLanguageName(builder, language.Name, language.Code);
            if (language.NativeName is { } native)
            {
                AddLanguageName(builder, native, language.Code);
            }
        }

        // Codes last: a code that is also another token (it, ms, sw) keeps that meaning and becomes a language
        // only next to another language; see NameParser.
        foreach (var (code, canonical) in aliases.Codes)
        {
            builder.AddLanguageCode(code, canonical, standalone.Contains(code), attach: true);
        }

        foreach (var language in languages.Iso6391)
        {
            builder.AddLanguageCode(language.Code, language.Code, standalone.Contains(language.Code), attach: true);
        }

        // ISO 639-3 has ~7,900 codes, many of them English words or other tokens (art, bit, cat): they never override
        // another meaning and count only next to another language.
        foreach (var language in languages.Iso6393)
        {
            var canonical = byName.GetValueOrDefault(language.Name, language.Code);
            builder.AddLanguageCode(language.Code, canonical, standalone.Contains(language.Code), attach: false);
        }
    }

    private static void AddLanguageName(VocabularyBuilder builder, string name, string code)
    {
        // Names with commas or brackets are lists or glosses ("Spanish; Castilian"), not tokens a repo name uses.
        if (name.Length < 3 || name.AsSpan().IndexOfAny(",;()") >= 0)
        {
            return;
        }

        builder.Add(name, ElementCode.L, code);
    }

    private static T Read<T>(string file, JsonTypeInfo<T> type)
    {
        using var stream = typeof(NamingVocabulary).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"The naming vocabulary file {file} is not embedded in the engine.");
        return JsonSerializer.Deserialize(stream, type)
            ?? throw new InvalidOperationException($"The naming vocabulary file {file} is empty.");
    }

    /// <summary>Collects entries; the first meaning given to a key wins, and language codes attach to existing keys.</summary>
    private sealed class VocabularyBuilder
    {
        private readonly Dictionary<string, VocabularyEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

        public int MaxPhraseTokens { get; private set; } = 1;

        public void AddAll(IReadOnlyDictionary<string, string> map, ElementCode code)
        {
            foreach (var (key, value) in map)
            {
                Add(key, code, value);
            }
        }

        public void Add(string text, ElementCode code, string value, string? architectureId = null)
        {
            var key = NormalizeKey(text);
            if (key.Length == 0)
            {
                return;
            }

            if (_entries.TryAdd(key, new VocabularyEntry(code, value, null, architectureId)))
            {
                MaxPhraseTokens = Math.Max(MaxPhraseTokens, key.Count(c => c == '-') + 1);
            }
        }

        public void AddLanguageCode(string code, string canonical, bool standalone, bool attach)
        {
            var key = NormalizeKey(code);
            if (_entries.TryGetValue(key, out var existing))
            {
                // Only weak meanings (a dataset tag, a task abbreviation, an application word) may yield to a language.
                if (attach && existing.Language is null && existing.Code is ElementCode.D or ElementCode.T or ElementCode.O or ElementCode.R)
                {
                    _entries[key] = existing with { Language = canonical };
                }

                return;
            }

            _entries[key] = standalone
                ? new VocabularyEntry(ElementCode.L, canonical, null, null)
                : new VocabularyEntry(ElementCode.O, key, canonical, null);
            MaxPhraseTokens = Math.Max(MaxPhraseTokens, key.Count(c => c == '-') + 1);
        }

        public FrozenDictionary<string, VocabularyEntry> Build() => _entries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>
/// What a token or phrase means: its code and value, and for a token that is also a language code (it, ms),
/// the language it names when it stands next to another language.
/// </summary>
internal sealed record VocabularyEntry(ElementCode Code, string Value, string? Language, string? ArchitectureId);

/// <summary>What a letters + digits + letters token means (see shapes.json).</summary>
internal sealed record ShapeRule(ElementCode Code, string? Value, int MaxDigits)
{
    public static string Key(string prefix, string suffix) => prefix.ToLowerInvariant() + "#" + suffix.ToLowerInvariant();

    /// <summary>The element value for a token with these digits: the number alone, a template, or null for the token itself.</summary>
    public string? ValueFor(ReadOnlySpan<char> digits) => Value switch
    {
        null => null,
        "digits" => digits.ToString(),
        _ => Value.Replace("{digits}", digits.ToString(), StringComparison.Ordinal),
    };
}

/// <summary>An architecture alias that may also end a longer word (finbert) or start one (bertweetfr).</summary>
internal sealed record AffixEntry(string Text, VocabularyEntry Entry);
