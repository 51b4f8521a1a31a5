using System.Security.Cryptography;
using System.Text.Json;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Evaluation;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Inference.Training;
using Google.Protobuf;

namespace Dara.Cloud.Inference.Export;

/// <summary>What <see cref="ClassifierBuilder.BuildAsync"/> wrote.</summary>
public sealed record BuildResult(string Directory, ClassifierManifest Manifest, ClassifierMetricsReport Report, long OnnxBytes);

/// <summary>
/// <c>dara train</c>: loads both training sources, trains the shipped family on every row, exports the heads as one
/// ONNX model, cross-validates the family (and the families it is compared with) and writes
/// <c>dara-classifier.onnx</c>, <c>classifier.json</c> (label maps, feature options), <c>metrics.json</c> and
/// <c>metrics.md</c>. The same seed writes the same bytes.
/// </summary>
public static class ClassifierBuilder
{
    /// <summary>The fold the shipped model's accuracy is reported on and reproduced by the tests.</summary>
    public const int CheckedFold = 0;

    public static async Task<BuildResult> BuildAsync(
        string realDataRoot,
        string outputDirectory,
        TrainingOptions options,
        IReadOnlyList<ClassifierFamily> compareWith,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(realDataRoot);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(compareWith);

        progress?.Report("reading the PeaTMOSS rows and the real model folders");
        var peatmoss = PeatmossDataset.LoadFromRoot(realDataRoot);
        var real = await RealModelTraces.LoadAsync(realDataRoot, cancellationToken).ConfigureAwait(false);

        progress?.Report($"training {options.Family} on {peatmoss.Count + real.Count} rows");
        var trained = new ClassifierTrainer(options).Train([.. peatmoss, .. real], cancellationToken: cancellationToken);
        var onnx = trained.ToOnnx().ToByteArray();
        var manifest = ManifestOf(trained, peatmoss.Count, real.Count, onnx);

        progress?.Report($"cross-validating {options.Family}");
        var evaluation = CrossValidation.Run(peatmoss, real, options, cancellationToken: cancellationToken);
        var families = new List<FamilySummary> { Summary(evaluation) };
        foreach (var family in compareWith.Where(f => f != options.Family).Distinct())
        {
            progress?.Report($"cross-validating {family} for comparison");
            families.Add(Summary(CrossValidation.Run(peatmoss, real, options with { Family = family }, cancellationToken: cancellationToken)));
        }

        using var predictor = ModelTypePredictor.Load(onnx, manifest);
        var checks = ClassifierHeads.All.Select(head => CheckFold(predictor, peatmoss, head, evaluation.Folds, options.Seed, CheckedFold)).ToList();
        var report = new ClassifierMetricsReport(
            options.Family.ToString(),
            options.Seed,
            evaluation.Folds,
            new TrainingData(peatmoss.Count, real.Count, evaluation.TrainingRowsPerFold),
            evaluation.Heads,
            evaluation.RealModels,
            evaluation.WeightViews,
            families,
            checks,
            ClassifierMetricsReport.PaperFigures);

        Directory.CreateDirectory(outputDirectory);
        await File.WriteAllBytesAsync(Path.Combine(outputDirectory, ClassifierFiles.Onnx), onnx, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(outputDirectory, ClassifierFiles.Manifest), JsonSerializer.SerializeToUtf8Bytes(manifest, InferenceJsonContext.Default.ClassifierManifest), cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(outputDirectory, ClassifierFiles.MetricsJson), JsonSerializer.SerializeToUtf8Bytes(report, InferenceJsonContext.Default.ClassifierMetricsReport), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, ClassifierFiles.MetricsMarkdown), report.ToMarkdown(), cancellationToken).ConfigureAwait(false);
        return new BuildResult(outputDirectory, manifest, report, onnx.Length);
    }

    /// <summary>The manifest describing a trained model and its ONNX bytes.</summary>
    public static ClassifierManifest ManifestOf(TrainedClassifier trained, int peatmossRows, int realModelRows, byte[] onnx) => new()
    {
        Training = trained.Options,
        TrainingRows = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            ["peatmoss"] = peatmossRows,
            ["real-model"] = realModelRows,
            ["weights-view"] = trained.TrainingRows - peatmossRows - realModelRows,
        },
        Classes = ClassifierHeads.All.ToDictionary(ClassifierHeads.NameOf, trained.Labels.ClassesOf, StringComparer.Ordinal),
        KnownTokens = trained.KnownTokens,
        OnnxSha256 = Convert.ToHexStringLower(SHA256.HashData(onnx)),
    };

    /// <summary>The predictor's top-1 on the rows of one fold of <paramref name="head"/>'s stratification.</summary>
    public static FoldCheck CheckFold(ModelTypePredictor predictor, IReadOnlyList<LabelledTrace> peatmoss, ClassifierHead head, int folds, int seed, int fold)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var assignment = CrossValidation.FoldsOf(peatmoss, head, folds, seed);
        var rows = peatmoss.Where((_, i) => assignment[i] == fold).ToList();
        var predictions = predictor.PredictBatch(rows.Select(r => r.Trace).ToList());
        var correct = rows.Where((row, i) => PredictionOf(predictions[i], head).Label == row.LabelOf(head)).Count();
        return new FoldCheck(ClassifierHeads.NameOf(head), fold, rows.Count, correct, rows.Count == 0 ? 0 : (double)correct / rows.Count);
    }

    private static LabelPrediction PredictionOf(ClassifierPrediction prediction, ClassifierHead head) => head switch
    {
        ClassifierHead.ModelType => prediction.ModelType,
        ClassifierHead.Arch => prediction.Arch,
        _ => prediction.Task,
    };

    private static FamilySummary Summary(ClassifierEvaluation evaluation) => new(
        evaluation.Family.ToString(),
        evaluation.Of(ClassifierHead.ModelType).Top1,
        evaluation.Of(ClassifierHead.ModelType).FamilyTop1 ?? 0,
        evaluation.Of(ClassifierHead.Arch).Top1,
        evaluation.Of(ClassifierHead.Task).Top1);
}
