using System.ComponentModel;
using System.Globalization;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Cli.Output;
using Dara.Cloud.Inference.Evaluation;
using Dara.Cloud.Inference.Export;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Inference.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// <c>dara train --out &lt;dir&gt; [--seed N]</c>: trains the classifier on the PeaTMOSS rows and the real model
/// fingerprints, writes the ONNX model, label maps (classifier.json) and the metrics report (metrics.json, metrics.md).
/// The defaults reproduce the shipped model byte for byte.
/// </summary>
public sealed class TrainCommand(CliStreams streams) : AsyncCommand<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Where to write dara-classifier.onnx, classifier.json, metrics.json and metrics.md.")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--seed <N>")]
        [Description("Training seed (default 1, the shipped model's).")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("-d|--data <DIR>")]
        [Description("The real-data folder (default: $DARA_REAL_DATA).")]
        public string? Data { get; init; }

        [CommandOption("--family <FAMILY>")]
        [Description("The family to train: " + ClassifierFamilyOption.ExportableHelp + " (default maxent, the shipped one; knn has no ONNX form).")]
        [DefaultValue("maxent")]
        public string Family { get; init; } = "maxent";

        [CommandOption("--compare <FAMILIES>")]
        [Description("Families to cross-validate beside it for the report, comma-separated (default lightgbm,knn,mlp; 'none' for none).")]
        [DefaultValue("lightgbm,knn,mlp")]
        public string Compare { get; init; } = "lightgbm,knn,mlp";

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("Give --out DIR.");
            }

            if (!ClassifierFamilyOption.TryParse(Family, out var family) || family == ClassifierFamily.NearestNeighbour)
            {
                return ValidationResult.Error("--family must be maxent, lightgbm or mlp (knn has no ONNX form).");
            }

            return Compare == "none" || Compare.Split(',').All(f => ClassifierFamilyOption.TryParse(f.Trim(), out _))
                ? ValidationResult.Success()
                : ValidationResult.Error("--compare must list maxent, lightgbm, knn or mlp, or be none.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ClassifierFamilyOption.TryParse(settings.Family, out var family);
        var compare = settings.Compare == "none"
            ? []
            : settings.Compare.Split(',').Select(f => { ClassifierFamilyOption.TryParse(f.Trim(), out var c); return c; }).ToList();
        var options = TrainingOptions.Default with { Seed = settings.Seed, Family = family };
        try
        {
            var root = RealDataRoot.Resolve(settings.Data);
            var result = await ClassifierBuilder.BuildAsync(root, settings.Out, options, compare, new SynchronousProgress(streams), cancellationToken);
            Render(result);
            return ExitCodes.Clean;
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    private void Render(BuildResult result)
    {
        var console = streams.Console;
        console.Write(EvalClassifierCommand.ScoresTable(result.Report.CrossValidation, $"{result.Report.Family}, stratified {result.Report.Folds}-fold CV on {result.Report.Data.PeatmossRows} PeaTMOSS rows"));
        console.Write(EvalClassifierCommand.PaperTable(result.Report.CrossValidation, result.Report.Data.TrainingRowsPerFold, result.Report.Family));
        foreach (var file in new[] { ClassifierFiles.Onnx, ClassifierFiles.Manifest, ClassifierFiles.MetricsJson, ClassifierFiles.MetricsMarkdown })
        {
            var path = Path.Combine(result.Directory, file);
            console.MarkupLineInterpolated($"wrote [bold]{path}[/] ({new FileInfo(path).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        }
    }

    /// <summary>Progress written at once on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(CliStreams streams) : IProgress<string>
    {
        public void Report(string value) => streams.Console.MarkupLineInterpolated($"[grey]{value}…[/]");
    }
}
