using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Fingerprinting;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Reports;

/// <summary>
/// <c>dara check --format json</c>, and the verdict the service returns: one object with the name, verdict, score,
/// elements, facts, findings and suggested name (snake_case keys; see <see cref="EngineJson"/>), and what the learned
/// classifier predicts (<c>"prediction"</c>: the top three model types, architectures and tasks with their probabilities,
/// and whether it abstained; null without a classifier or when nothing structural was read).
/// </summary>
public sealed record CheckDocument(
    string Name,
    Verdict Verdict,
    int Score,
    IReadOnlyList<ElementDocument> Elements,
    ModelFacts Facts,
    IReadOnlyList<Finding> Findings,
    string SuggestedName,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<ArtifactProblem> Problems,
    FingerprintDocument Fingerprint,
    ArchitecturePrediction? Prediction = null)
{
    public static CheckDocument From(CheckResult result, ModelReport report) => new(
        result.Name,
        result.Verdict,
        result.Score,
        ElementDocument.From(result.Elements),
        result.Facts,
        result.Findings,
        result.SuggestedName,
        result.Skipped,
        report.Artifacts.Problems,
        FingerprintDocument.From(report.Fingerprint, includeVectors: false),
        result.Prediction);
}

/// <summary>One naming element: <c>{"code": "A", "text": "bert", "value": "bert"}</c>.</summary>
public sealed record ElementDocument(string Code, string Text, string Value)
{
    public static IReadOnlyList<ElementDocument> From(ParsedName name) =>
        name.Elements.Select(e => new ElementDocument(e.Code.ToString(), e.Text, e.Value)).ToArray();
}

/// <summary><c>dara inspect --format json</c>: what was read, the facts and a fingerprint summary.</summary>
public sealed record InspectionDocument(
    string Source,
    string? RepoId,
    string? Revision,
    IReadOnlyList<string> FilesRead,
    long BytesRead,
    int Reads,
    IReadOnlyList<ArtifactProblem> Problems,
    ModelFacts Facts,
    FingerprintDocument Fingerprint)
{
    public static InspectionDocument From(ModelReport report, bool includeVectors) => new(
        report.Artifacts.Source,
        report.Artifacts.RepoId,
        report.Artifacts.Revision,
        report.Artifacts.FilesRead,
        report.Artifacts.BytesRead,
        report.Artifacts.Reads,
        report.Artifacts.Problems,
        report.Facts,
        FingerprintDocument.From(report.Fingerprint, includeVectors));
}

/// <summary>The fingerprint in brief, and DARA's vectors in full when asked for.</summary>
public sealed record FingerprintDocument(
    string Hash,
    string HashBasis,
    int Layers,
    int Connections,
    RepeatedBlocks? Blocks,
    IReadOnlyDictionary<string, int> LayerKinds,
    int LKeys,
    int PKeys,
    DaraVectors? Vectors)
{
    public static FingerprintDocument From(ArchitectureFingerprint fingerprint, bool includeVectors) => new(
        fingerprint.Hash,
        fingerprint.HashBasis,
        fingerprint.LayerCount,
        fingerprint.EdgeCount,
        fingerprint.Blocks,
        fingerprint.TopLayerKinds().ToDictionary(p => p.Key, p => p.Value),
        fingerprint.Vectors.L.Count,
        fingerprint.Vectors.P.Count,
        includeVectors ? fingerprint.Vectors : null);
}
