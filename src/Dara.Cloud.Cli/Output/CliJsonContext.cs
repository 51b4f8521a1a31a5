using System.Text.Json.Serialization;

namespace Dara.Cloud.Cli.Output;

/// <summary>One line of <c>dara elements --format json</c>.</summary>
public sealed record ElementsLine(string Name, IReadOnlyList<ElementJson> Elements);

/// <summary>One element in <see cref="ElementsLine"/>.</summary>
public sealed record ElementJson(string Code, string Text, string Value);

/// <summary>The result of <c>dara eval elements --format json</c>.</summary>
public sealed record EvaluationJson(
    string Labels, string Split, int Names, ScoreJson Micro, IReadOnlyList<CodeScoreJson> Codes, IReadOnlyList<DisagreementJson> Disagreements,
    LabelAgreementJson LabelAgreement);

/// <summary>The names labelled more than once: the labels against each other and the parser against them, per code.</summary>
public sealed record LabelAgreementJson(int Groups, int Names, CodeAgreementJson Micro, IReadOnlyList<CodeAgreementJson> Codes);

/// <summary>One code of <see cref="LabelAgreementJson"/>.</summary>
public sealed record CodeAgreementJson(string Code, ScoreJson LabelsWithEachOther, ScoreJson ParserWithLabels);

/// <summary>The result of <c>dara eval uninformative --format json</c>.</summary>
public sealed record UninformativeEvaluationJson(
    string Labels, int Names, ScoreJson Score,
    IReadOnlyList<UninformativeReasonJson> Reasons,
    IReadOnlyList<UninformativeDisagreementJson> Disagreements);

/// <summary>The names one reason flags (generated, placeholder, neither_architecture_nor_task) and how many of them are labelled uninformative.</summary>
public sealed record UninformativeReasonJson(string Reason, int Flagged, int LabelledUninformative);

/// <summary>A name the check and the labels disagree on; a null reason means the check did not flag it.</summary>
public sealed record UninformativeDisagreementJson(string Name, string Category, string? Reason);

/// <summary>Precision, recall and F1 with their counts.</summary>
public sealed record ScoreJson(double Precision, double Recall, double F1, long Support, long TruePositives, long FalsePositives, long FalseNegatives);

/// <summary>The scores of one element code.</summary>
public sealed record CodeScoreJson(string Code, ScoreJson Score);

/// <summary>A frequent disagreement between parser and labels.</summary>
public sealed record DisagreementJson(string Code, string Kind, string Token, int Count, string Example);

/// <summary>One line of <c>dara predict</c>, in the PeaTMOSS field names.</summary>
public sealed record PredictionLine(
    [property: JsonPropertyName("repo_name")] string? RepoName,
    [property: JsonPropertyName("model_type")] string ModelType,
    [property: JsonPropertyName("arch")] string Arch,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("confidence")] double Confidence);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ElementsLine))]
[JsonSerializable(typeof(EvaluationJson))]
[JsonSerializable(typeof(UninformativeEvaluationJson))]
[JsonSerializable(typeof(PredictionLine))]
[JsonSerializable(typeof(Dara.Cloud.Inference.Evaluation.ClassifierEvaluation))]
[JsonSerializable(typeof(Dara.Cloud.Analysis.Checks.NamingPolicy))]
[JsonSerializable(typeof(Dara.Cloud.Cli.Remote.RemoteCheckDocument))]
[JsonSerializable(typeof(Dara.Cloud.Cli.Remote.ProblemDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>The generated context over <see cref="JsonLines.Options"/> (relaxed escaping, compact).</summary>
    public static CliJsonContext Relaxed { get; } = new(new System.Text.Json.JsonSerializerOptions(JsonLines.Options));

    /// <summary>The context policy files are read with: as <see cref="Relaxed"/>, but a key no property takes is an error.</summary>
    public static CliJsonContext Policy { get; } = new(new System.Text.Json.JsonSerializerOptions(JsonLines.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    });
}
