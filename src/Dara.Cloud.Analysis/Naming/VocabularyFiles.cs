using System.Text.Json.Serialization;

namespace Dara.Cloud.Analysis.Naming;

// Shapes of the JSON vocabulary files under Naming/Vocabulary; read once by NamingVocabulary.

internal sealed record ArchitecturesFile(IReadOnlyList<ArchitectureRecord> Architectures);

internal sealed record ArchitectureRecord(
    string Id,
    string ModelType,
    string Family,
    string? Display,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string>? Affixes,
    IReadOnlyList<string>? Prefixes,
    string? Role,
    string? Task,
    IReadOnlyDictionary<string, ReferenceSize>? Sizes,
    string? Flagship = null);

internal sealed record SizesFile(
    IReadOnlyDictionary<string, string> Words,
    IReadOnlyDictionary<string, string> LetterSuffixes,
    IReadOnlyDictionary<string, long> ParameterMultipliers);

internal sealed record VersionsFile(IReadOnlyList<string> Patterns, IReadOnlyList<string> PhrasePatterns, IReadOnlyList<string> Words);

internal sealed record FormatsFile(IReadOnlyDictionary<string, string> Formats, IReadOnlyDictionary<string, string> Quantizations);

internal sealed record ReuseMethodsFile(IReadOnlyDictionary<string, string> Methods);

internal sealed record TrainingFile(IReadOnlyDictionary<string, string> Processes);

internal sealed record ShapesFile(IReadOnlyList<ShapeRecord> Shapes);

internal sealed record ShapeRecord(IReadOnlyList<string>? Prefixes, IReadOnlyList<string>? Suffixes, int? MaxDigits, ElementCode Code, string? Value);

internal sealed record OtherFile(IReadOnlyDictionary<string, string> Words, IReadOnlyList<string> Ignored);

internal sealed record CharacteristicsFile(IReadOnlyDictionary<string, string> Characteristics);

internal sealed record DatasetsFile(IReadOnlyList<DatasetRecord> Datasets);

internal sealed record DatasetRecord(string Id, IReadOnlyList<string> Aliases, string? Task);

internal sealed record TasksFile(IReadOnlyDictionary<string, string> Tokens, IReadOnlyList<string> Applications, IReadOnlyList<string>? Suffixes);

internal sealed record HubTasksFile(IReadOnlyList<HubPipeline> Pipelines, IReadOnlyList<string> GgufQuantizationTypes);

internal sealed record HubPipeline(string Id, string Name, IReadOnlyList<string> Subtasks);

internal sealed record LanguagesFile(
    [property: JsonPropertyName("iso639_1")] IReadOnlyList<LanguageRecord> Iso6391,
    [property: JsonPropertyName("iso639_3")] IReadOnlyList<LanguageRecord> Iso6393);

internal sealed record LanguageRecord(string Code, string Name, string? NativeName);

internal sealed record LanguageAliasesFile(
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyDictionary<string, string> Codes,
    IReadOnlyList<string> StandaloneCodes);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ArchitecturesFile))]
[JsonSerializable(typeof(SizesFile))]
[JsonSerializable(typeof(VersionsFile))]
[JsonSerializable(typeof(FormatsFile))]
[JsonSerializable(typeof(ReuseMethodsFile))]
[JsonSerializable(typeof(TrainingFile))]
[JsonSerializable(typeof(CharacteristicsFile))]
[JsonSerializable(typeof(OtherFile))]
[JsonSerializable(typeof(ShapesFile))]
[JsonSerializable(typeof(DatasetsFile))]
[JsonSerializable(typeof(TasksFile))]
[JsonSerializable(typeof(HubTasksFile))]
[JsonSerializable(typeof(LanguagesFile))]
[JsonSerializable(typeof(LanguageAliasesFile))]
internal sealed partial class VocabularyJsonContext : JsonSerializerContext;
