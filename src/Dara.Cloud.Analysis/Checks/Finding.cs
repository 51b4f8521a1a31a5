using System.Text.Json.Serialization;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>How much a finding matters: errors make a name misnamed, warnings suspicious, infos neither.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("info")]
    Info,

    [JsonStringEnumMemberName("warning")]
    Warning,

    [JsonStringEnumMemberName("error")]
    Error,
}

/// <summary>
/// One way a name disagrees with the artifacts (or with the organization's policy), with the evidence behind it.
/// </summary>
/// <param name="Code">One of <see cref="FindingCodes"/>; fixed strings other tools consume.</param>
/// <param name="Severity">info, warning or error.</param>
/// <param name="Element">The naming-element code the finding is about (A, S, P, T…), or null for the name as a whole.</param>
/// <param name="Claimed">What the name says (its text), or null when the name says nothing.</param>
/// <param name="Observed">What the artifacts say.</param>
/// <param name="Evidence">The file and field the observation comes from ("config.json: model_type").</param>
/// <param name="Confidence">0–1: how sure the check is that the name is wrong.</param>
/// <param name="Message">One sentence for people.</param>
public sealed record Finding(
    string Code,
    Severity Severity,
    string? Element,
    string? Claimed,
    string? Observed,
    string Evidence,
    double Confidence,
    string Message);

/// <summary>The finding codes. They are a contract: the CLI's JSON, the API and alert rules use them.</summary>
public static class FindingCodes
{
    public const string ArchitectureMismatch = "architecture-mismatch";
    public const string LegacyModelType = "legacy-model-type";
    public const string SizeMismatch = "size-mismatch";
    public const string TaskMismatch = "task-mismatch";
    public const string PrecisionMismatch = "precision-mismatch";
    public const string LanguageMismatch = "language-mismatch";
    public const string BaseModelMismatch = "base-model-mismatch";
    public const string UninformativeName = "uninformative-name";
    public const string Convention = "convention";

    /// <summary>Every code, in the order findings are reported.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ArchitectureMismatch, LegacyModelType, SizeMismatch, TaskMismatch, PrecisionMismatch, LanguageMismatch,
        BaseModelMismatch, UninformativeName, Convention,
    ];
}
