using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Formats.WeightMaps;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Reports;

namespace Dara.Cloud.Grains.Analysis;

/// <summary>
/// The engine as the service runs it: reads a source, checks the name, and turns the result into the contract's
/// records: the verdict with the exact JSON document <c>dara check --format json</c> prints, and the facts (JSON) to
/// check the name again later without reading anything. Artifacts that cannot be read give an <c>unreadable</c>
/// verdict naming the problem; this class never lets an <see cref="ArtifactException"/> out. With a
/// <paramref name="checker"/> that consults the classifier (as the silo's is), verdicts carry its prediction.
/// </summary>
public sealed class AnalysisEngine(IEngineIdentity engine, TimeProvider time, ModelInspector? inspector = null, NameChecker? checker = null)
{
    public const string Unreadable = "unreadable";

    private readonly ModelInspector _inspector = inspector ?? new ModelInspector();
    private readonly NameChecker _checker = checker ?? NameChecker.Default;

    public string EngineVersion => engine.Version;

    /// <summary>Reads <paramref name="source"/> and checks <paramref name="name"/>; <paramref name="contentHash"/> is what the verdict says it was computed from.</summary>
    public async Task<AnalysisOutcome> AnalyzeAsync(IArtifactSource source, string name, PolicyRecord policy, string contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var namingPolicy = PolicyMapping.ToNamingPolicy(policy);
        ModelArtifacts artifacts;
        try
        {
            artifacts = await _inspector.InspectAsync(source, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactException e)
        {
            return UnreadableOutcome(name, new ModelArtifacts { Source = source.Description, RepoId = source.RepoId, Revision = source.Revision, Problems = [new ArtifactProblem(e.File, e.Problem)] }, contentHash)
                with { SourceUnavailable = e is HubUnavailableException };
        }

        if (NothingReadable(artifacts))
        {
            var problems = artifacts.Problems.Count > 0 ? artifacts.Problems : [new ArtifactProblem(source.Description, "no config.json, weights or model card to read")];
            return UnreadableOutcome(name, artifacts with { Problems = problems }, contentHash);
        }

        var report = ModelReport.From(artifacts);
        var result = _checker.Check(name, report, namingPolicy);
        var document = EngineJson.Serialize(CheckDocument.From(result, report));
        return new AnalysisOutcome(
            VerdictOf(result, document, artifacts.Revision, contentHash, report.Fingerprint.Hash),
            EngineJson.Serialize(report.Facts),
            artifacts.Problems.Select(p => p.ToString()).ToArray(),
            report.Facts.ModelType,
            report.Facts.Parameters,
            WeightSignature(artifacts));
    }

    /// <summary>The verdict for a source that could not even be opened (the Hub refused, the model is gone).</summary>
    public AnalysisOutcome UnreadableOutcome(string name, string sourceDescription, ArtifactException problem, string? revision, string contentHash) =>
        UnreadableOutcome(name, new ModelArtifacts { Source = sourceDescription, Revision = revision, Problems = [new ArtifactProblem(problem.File, problem.Problem)] }, contentHash);

    /// <summary>
    /// Checks <paramref name="name"/> again against cached facts under <paramref name="policy"/>: the new document is
    /// the previous one with what the check decides replaced (the facts, problems and fingerprint come from the artifacts
    /// and stay). The classifier's prediction comes from the fingerprint, so it stays too, and is checked against again.
    /// No I/O.
    /// </summary>
    public AnalysisOutcome Recheck(string name, string factsJson, PolicyRecord policy, VerdictRecord previous)
    {
        var facts = EngineJson.DeserializeFacts(factsJson);
        var document = JsonNode.Parse(previous.DocumentJson)?.AsObject() ?? throw new JsonException("The previous verdict has no document.");
        var prediction = EngineJson.DeserializePrediction(document["prediction"]);
        var result = _checker.Check(name, facts, PolicyMapping.ToNamingPolicy(policy), prediction);
        var context = EngineJson.Context;
        document["name"] = result.Name;
        document["verdict"] = JsonSerializer.SerializeToNode(result.Verdict, context.Verdict);
        document["score"] = result.Score;
        document["elements"] = JsonSerializer.SerializeToNode(ElementDocument.From(result.Elements), context.IReadOnlyListElementDocument);
        document["findings"] = JsonSerializer.SerializeToNode(result.Findings, context.IReadOnlyListFinding);
        document["suggested_name"] = result.SuggestedName;
        document["skipped"] = JsonSerializer.SerializeToNode(result.Skipped, context.IReadOnlyListString);
        var json = document.ToJsonString(EngineJson.Options);
        return new AnalysisOutcome(
            VerdictOf(result, json, previous.Revision, previous.ContentHash, previous.ArchitectureHash),
            factsJson,
            [],
            facts.ModelType,
            facts.Parameters);
    }

    private AnalysisOutcome UnreadableOutcome(string name, ModelArtifacts artifacts, string contentHash)
    {
        var report = ModelReport.From(artifacts);
        var result = _checker.Unreadable(name, report.Facts, artifacts.Problems.Select(p => p.ToString()).ToArray());
        var document = EngineJson.Serialize(CheckDocument.From(result, report));
        return new AnalysisOutcome(
            VerdictOf(result, document, artifacts.Revision, contentHash, architectureHash: null),
            EngineJson.Serialize(report.Facts),
            artifacts.Problems.Select(p => p.ToString()).ToArray());
    }

    private VerdictRecord VerdictOf(CheckResult result, string document, string? revision, string contentHash, string? architectureHash) => new(
        VerdictName(result.Verdict),
        result.Score,
        result.SuggestedName,
        result.Findings.Select(f => f.Code).Distinct(StringComparer.Ordinal).ToArray(),
        document,
        engine.Version,
        revision,
        contentHash,
        architectureHash,
        time.GetUtcNow(),
        PredictionOf(result.Prediction));

    private static PredictionRecord? PredictionOf(ArchitecturePrediction? prediction) => prediction is null
        ? null
        : new PredictionRecord(Labels(prediction.ModelType), Labels(prediction.Arch), Labels(prediction.Task), prediction.Abstained, prediction.AbstentionReason);

    private static ScoredLabelRecord[] Labels(IReadOnlyList<PredictedLabel> labels) =>
        labels.Select(l => new ScoredLabelRecord(l.Label, l.Probability)).ToArray();

    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Ok => "ok",
        Verdict.Suspicious => "suspicious",
        Verdict.Misnamed => "misnamed",
        _ => Unreadable,
    };

    /// <summary>Nothing that says what the model is could be read: no config, no weight header, no weight map.</summary>
    private static bool NothingReadable(ModelArtifacts artifacts) =>
        artifacts.Config is null && artifacts.Safetensors.Count == 0 && artifacts.Gguf.Count == 0 && artifacts.Onnx.Count == 0
        && artifacts.WeightMaps.Count == 0 && (artifacts.Problems.Count > 0 || artifacts.Files.Count == 0);

    /// <summary>
    /// A hash of the weight files' identities: their LFS hashes where the listing gives them, else their sizes and the
    /// headers read. Paths are left out, so a copy under another name has the same signature.
    /// </summary>
    private static string? WeightSignature(ModelArtifacts artifacts)
    {
        var identities = new List<string>();
        foreach (var file in artifacts.Files)
        {
            if (!IsWeightFile(file.Path))
            {
                continue;
            }

            identities.Add(file.LfsSha256 is { } lfs ? $"lfs:{lfs}" : $"size:{file.Size}");
        }

        foreach (var header in artifacts.Safetensors)
        {
            identities.Add($"tensors:{header.Tensors.Count}:{header.HeaderLength}");
        }

        if (identities.Count == 0)
        {
            return null;
        }

        identities.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', identities))))[..32];
    }

    private static bool IsWeightFile(string path) =>
        path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || PickleFiles.IsPickleWeightFile(path);
}
