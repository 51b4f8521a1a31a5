using System.ComponentModel;
using System.Globalization;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Cli.Output;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Evaluation;
using Dara.Cloud.Inference.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// <c>dara eval classifier</c>: stratified k-fold cross-validation of the classifier on the PeaTMOSS rows (the real
/// model fingerprints in every training fold): top-1, top-3 and macro-F1 for model_type, arch and task, model_type
/// with twins counted as one family, and the most common confusions — beside the paper's figures. With
/// <c>--given-model-type</c>, also arch and task when the true model_type is given: the ceiling of what the layer
/// sequence adds to it.
/// </summary>
public sealed class EvalClassifierCommand(CliStreams streams) : AsyncCommand<EvalClassifierCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-d|--data <DIR>")]
        [Description("The real-data folder (default: $DARA_REAL_DATA).")]
        public string? Data { get; init; }

        [CommandOption("--family <FAMILY>")]
        [Description(ClassifierFamilyOption.Help + ", or all (default maxent).")]
        [DefaultValue("maxent")]
        public string Family { get; init; } = "maxent";

        [CommandOption("--seed <N>")]
        [Description("Seed of the fold assignment and the training (default 1).")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("-k|--folds <K>")]
        [Description("Number of folds (default 5).")]
        [DefaultValue(CrossValidation.DefaultFolds)]
        public int Folds { get; init; } = CrossValidation.DefaultFolds;

        [CommandOption("-t|--top <N>")]
        [Description("How many confusions to list per label (default 10).")]
        [DefaultValue(10)]
        public int Top { get; init; } = 10;

        [CommandOption("--given-model-type")]
        [Description("Also score arch and task with each row's true model_type given: heads trained with it as a feature (a ceiling for what the layer sequence adds), and its majority label. Trains two more heads per fold.")]
        public bool GivenModelType { get; init; }

        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default) or json (one evaluation per line).")]
        [DefaultValue("table")]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        public override ValidationResult Validate() =>
            Folds is < 2 or > 20 ? ValidationResult.Error("--folds must be between 2 and 20.")
            : Top < 0 ? ValidationResult.Error("--top must be 0 or more.")
            : Family != "all" && !ClassifierFamilyOption.TryParse(Family, out _) ? ValidationResult.Error("--family must be maxent, lightgbm, knn, mlp or all.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<LabelledTrace> peatmoss;
        IReadOnlyList<LabelledTrace> real;
        try
        {
            var root = RealDataRoot.Resolve(settings.Data);
            peatmoss = PeatmossDataset.LoadFromRoot(root);
            real = await RealModelTraces.LoadAsync(root, cancellationToken);
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        var families = settings.Family == "all"
            ? Enum.GetValues<ClassifierFamily>()
            : [ClassifierFamilyOption.TryParse(settings.Family, out var family) ? family : default];
        foreach (var f in families)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var evaluation = CrossValidation.Run(
                peatmoss, real, TrainingOptions.Default with { Family = f, Seed = settings.Seed }, settings.Folds, settings.Top, settings.GivenModelType, cancellationToken);
            if (settings.Format == OutputFormat.Json)
            {
                new JsonLines(streams.Out).Write(evaluation, CliJsonContext.Relaxed.ClassifierEvaluation);
            }
            else
            {
                Render(evaluation);
            }
        }

        return ExitCodes.Clean;
    }

    /// <summary>Top-1, top-3, macro-F1, family top-1 and unseen-class rows per head.</summary>
    internal static Table ScoresTable(IReadOnlyList<LabelMetrics> heads, string title)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title))
            .AddColumn("label")
            .AddColumn(new TableColumn("top-1").RightAligned())
            .AddColumn(new TableColumn("top-3").RightAligned())
            .AddColumn(new TableColumn("macro-F1").RightAligned())
            .AddColumn(new TableColumn("top-1, family level").RightAligned())
            .AddColumn(new TableColumn("classes").RightAligned())
            .AddColumn(new TableColumn("rows of unseen classes").RightAligned())
            .AddColumn(new TableColumn("top-1 on the rest").RightAligned());
        foreach (var h in heads)
        {
            table.AddRow(
                h.Head,
                $"[bold]{Percent(h.Top1)}[/]",
                Percent(h.Top3),
                Percent(h.MacroF1),
                h.FamilyTop1 is { } f ? Percent(f) : "—",
                h.Classes.ToString(CultureInfo.InvariantCulture),
                h.UnseenClassRows.ToString(CultureInfo.InvariantCulture),
                Percent(h.SeenClassTop1));
        }

        return table;
    }

    /// <summary>These figures beside the paper's (docs/dara-method.md §2).</summary>
    internal static Table PaperTable(IReadOnlyList<LabelMetrics> heads, double trainingRowsPerFold, string family)
    {
        var top1 = heads.ToDictionary(h => h.Head, h => h.Top1);
        var table = new Table().Border(TableBorder.Rounded).Title("beside the published figures (top-1, 5-fold CV)")
            .AddColumn("system").AddColumn(new TableColumn("model_type").RightAligned()).AddColumn(new TableColumn("arch").RightAligned())
            .AddColumn(new TableColumn("task").RightAligned()).AddColumn("training rows");
        table.AddRow(
            Markup.Escape($"this classifier ({family})"),
            Percent(top1["model_type"]),
            Percent(top1["arch"]),
            Percent(top1["task"]),
            Markup.Escape($"{trainingRowsPerFold:0} per fold (layer sequences, no parameters)"));
        foreach (var p in ClassifierMetricsReport.PaperFigures)
        {
            table.AddRow(Markup.Escape(p.System), Percent(p.ModelType), Percent(p.Arch), Percent(p.Task), Markup.Escape(p.TrainingRows));
        }

        return table;
    }

    private void Render(ClassifierEvaluation evaluation)
    {
        var console = streams.Console;
        var name = ClassifierFamilyOption.NameOf(evaluation.Family);
        console.Write(ScoresTable(
            evaluation.Heads,
            $"{name}: stratified {evaluation.Folds}-fold CV on {evaluation.PeatmossRows} PeaTMOSS rows, {evaluation.TrainingRowsPerFold:0} training rows per fold ({evaluation.RealModelRows} real-model fingerprints in every fold), {evaluation.Seconds:0} s"));
        console.Write(PaperTable(evaluation.Heads, evaluation.TrainingRowsPerFold, name));
        console.MarkupLine("[grey]Family level: model_type twins (camembert/roberta, wav2vec2/wavlm, dpr/bert…) count as one family; an arch counts when its model family is right, whatever its head.[/]");
        if (evaluation.WeightViews is { } views)
        {
            console.MarkupLineInterpolated($"model_type from weights views (the layers a weight file shows): top-1 {Percent(views.Top1)}, top-3 {Percent(views.Top3)}, family level {Percent(views.FamilyTop1 ?? 0)}");
        }

        if (evaluation.RealModels is { } real)
        {
            console.MarkupLineInterpolated($"real-model fingerprints ({real.Rows}, {evaluation.Folds}-fold over them): model_type top-1 {Percent(real.Top1)}, top-3 {Percent(real.Top3)}, family level {Percent(real.FamilyTop1 ?? 0)}");
        }

        if (evaluation.GivenModelType is { } given)
        {
            console.Write(ScoresTable(given.Trained, $"arch and task when the true model_type is given (a ceiling for what the layer sequence adds): {name} trained with it as a feature, same folds"));
            console.Write(ScoresTable(given.Majority, "arch and task as the majority of the true model_type in the training folds (no trace read)"));
        }

        foreach (var head in evaluation.Heads.Where(h => h.Confusions.Count > 0))
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"most common {head.Head} confusions")
                .AddColumn("truth").AddColumn("predicted").AddColumn(new TableColumn("count").RightAligned()).AddColumn("note");
            foreach (var c in head.Confusions)
            {
                table.AddRow(Markup.Escape(c.Truth), Markup.Escape(c.Predicted), c.Count.ToString(CultureInfo.InvariantCulture), c.SameFamily ? "same family" : string.Empty);
            }

            console.Write(table);
        }

        console.MarkupLine("[grey]Rows of unseen classes: their class has a single row, so it is never in training when that row is scored; counted as errors.[/]");
    }

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
