using System.Globalization;
using System.Text;

namespace Dara.Cloud.Inference.Evaluation;

/// <summary>The training data of a model.</summary>
/// <param name="PeatmossRows">PeaTMOSS rows (all of them train the shipped model; cross-validation scores them).</param>
/// <param name="RealModelRows">Real model folders whose fingerprints train the model (always in training).</param>
/// <param name="TrainingRowsPerFold">Rows each cross-validation fold's model trains on.</param>
public sealed record TrainingData(int PeatmossRows, int RealModelRows, double TrainingRowsPerFold);

/// <summary>A family's headline figures in the comparison (no timings: the report is reproduced byte for byte).</summary>
public sealed record FamilySummary(string Family, double ModelTypeTop1, double ModelTypeFamilyTop1, double ArchTop1, double TaskTop1);

/// <summary>The shipped model's accuracy on the rows of one fixed fold (in-sample: it was trained on all rows).</summary>
public sealed record FoldCheck(string Head, int Fold, int Rows, int Correct, double Top1);

/// <summary>A published figure to compare with (5-fold cross-validation top-1).</summary>
public sealed record PaperFigure(string System, double ModelType, double Arch, double Task, string TrainingRows);

/// <summary>metrics.json: how the shipped model was made and how well its family does, with the paper's figures beside.</summary>
public sealed record ClassifierMetricsReport(
    string Family,
    int Seed,
    int Folds,
    TrainingData Data,
    IReadOnlyList<LabelMetrics> CrossValidation,
    LabelMetrics? RealModels,
    LabelMetrics? WeightViews,
    IReadOnlyList<FamilySummary> FamiliesCompared,
    IReadOnlyList<FoldCheck> ShippedModelOnFold,
    IReadOnlyList<PaperFigure> Published)
{
    /// <summary>The paper's figures (docs/dara-method.md §2).</summary>
    public static IReadOnlyList<PaperFigure> PaperFigures { get; } =
    [
        new("DARA MLP on l+p (paper)", 0.943, 0.501, 0.535, "≈2,750 per fold (full traces with parameters)"),
        new("Longformer text baseline (paper)", 0.877, 0.507, 0.504, "train split; 681 test rows"),
        new("RoBERTa text baseline (paper)", 0.856, 0.493, 0.464, "train split; 681 test rows"),
    ];

    /// <summary>The report as a markdown page (metrics.md).</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# DARA classifier — metrics").AppendLine();
        md.AppendLine(Invariant($"Family **{Family}**, seed {Seed}, stratified {Folds}-fold cross-validation on {Data.PeatmossRows} PeaTMOSS rows; "))
            .AppendLine(Invariant($"{Data.RealModelRows} real-model fingerprints are in every training fold. Each fold trains on {Data.TrainingRowsPerFold:0} rows."))
            .AppendLine();
        md.AppendLine("| head | top-1 | top-3 | macro-F1 | top-1, family level¹ | classes | rows of a class unseen in training² | top-1 on the other rows |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var h in CrossValidation)
        {
            md.AppendLine(Invariant($"| {h.Head} | {P(h.Top1)} | {P(h.Top3)} | {P(h.MacroF1)} | {(h.FamilyTop1 is { } f ? P(f) : "—")} | {h.Classes} | {h.UnseenClassRows} | {P(h.SeenClassTop1)} |"));
        }

        md.AppendLine()
            .AppendLine("¹ model_type: twins (camembert/roberta, wav2vec2/wavlm/hubert, dpr/bert…) count as one family, as the naming vocabulary groups them; ")
            .AppendLine("arch: the predicted class belongs to the right model family, whatever its head.  ")
            .AppendLine("² a class with a single row is never in training when that row is scored; those rows count as errors.");

        md.AppendLine().AppendLine("## Beside the published figures").AppendLine();
        md.AppendLine("| system | model_type | arch | task | training rows |").AppendLine("|---|---|---|---|---|");
        var ours = CrossValidation.ToDictionary(h => h.Head, h => h.Top1);
        md.AppendLine(Invariant($"| this model ({Family}) | {P(ours["model_type"])} | {P(ours["arch"])} | {P(ours["task"])} | {Data.TrainingRowsPerFold:0} per fold (PeaTMOSS layer sequences, no parameters) |"));
        foreach (var p in Published)
        {
            md.AppendLine(Invariant($"| {p.System} | {P(p.ModelType)} | {P(p.Arch)} | {P(p.Task)} | {p.TrainingRows} |"));
        }

        if (FamiliesCompared.Count > 0)
        {
            md.AppendLine().AppendLine("## Model families compared (same features, same folds)").AppendLine();
            md.AppendLine("| family | model_type | model_type, family level | arch | task |").AppendLine("|---|---|---|---|---|");
            foreach (var f in FamiliesCompared)
            {
                md.AppendLine(Invariant($"| {f.Family} | {P(f.ModelTypeTop1)} | {P(f.ModelTypeFamilyTop1)} | {P(f.ArchTop1)} | {P(f.TaskTop1)} |"));
            }
        }

        if (WeightViews is { } views)
        {
            md.AppendLine().AppendLine("## Read from weights alone").AppendLine();
            md.AppendLine(Invariant($"model_type from the held-out rows' weights views (only the layers a weight file shows, as the engine names them): top-1 {P(views.Top1)}, top-3 {P(views.Top3)}, family level {P(views.FamilyTop1 ?? 0)}."));
        }

        if (RealModels is { } real)
        {
            md.AppendLine().AppendLine("## Real-model fingerprints").AppendLine();
            md.AppendLine(Invariant($"model_type over {real.Rows} real-model fingerprints ({Folds}-fold over them, every PeaTMOSS row in training): top-1 {P(real.Top1)}, top-3 {P(real.Top3)}, family level {P(real.FamilyTop1 ?? 0)}."));
        }

        foreach (var h in CrossValidation)
        {
            if (h.Confusions.Count == 0)
            {
                continue;
            }

            md.AppendLine().AppendLine(Invariant($"## Most common {h.Head} confusions")).AppendLine();
            md.AppendLine("| truth | predicted | count | |").AppendLine("|---|---|---|---|");
            foreach (var c in h.Confusions)
            {
                md.AppendLine(Invariant($"| {c.Truth} | {c.Predicted} | {c.Count} | {(c.SameFamily ? "same family" : string.Empty)} |"));
            }
        }

        md.AppendLine().AppendLine("## Shipped model on a fixed fold").AppendLine();
        md.AppendLine("The shipped model is trained on every row; on each head's fold 0 it scores (in-sample, reproduced by the tests):").AppendLine();
        foreach (var check in ShippedModelOnFold)
        {
            md.AppendLine(Invariant($"- {check.Head}: {check.Correct}/{check.Rows} ({P(check.Top1)})"));
        }

        return md.ToString();
    }

    private static string P(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
