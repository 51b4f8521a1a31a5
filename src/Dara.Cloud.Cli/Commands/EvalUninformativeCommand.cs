using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// <c>dara eval uninformative &lt;categories.json&gt;</c>: checks every labelled name alone and compares the
/// <c>uninformative-name</c> finding with the study's "uninformative" category: precision, recall, F1, the flagged
/// names by reason and the disagreements.
/// </summary>
public sealed class EvalUninformativeCommand(CliStreams streams) : Command<EvalUninformativeCommand.Settings>
{
    public sealed class Settings : LabelsEvalSettings
    {
        [CommandArgument(0, "<labels>")]
        [Description("A categories file: a JSON object of name → category (the PTM-Naming ground_truth_cls_data.json format).")]
        public string Labels { get; init; } = string.Empty;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> categories;
        try
        {
            categories = UninformativeEvaluation.LoadCategories(settings.Labels);
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return 2;
        }

        var evaluation = UninformativeEvaluation.Run(categories, NameChecker.Default, settings.Top);
        if (settings.Format == OutputFormat.Json)
        {
            new JsonLines(streams.Out).Write(ToJson(settings, evaluation), CliJsonContext.Relaxed.UninformativeEvaluationJson);
        }
        else
        {
            Render(settings, evaluation);
        }

        return 0;
    }

    private void Render(Settings settings, UninformativeEvaluation evaluation)
    {
        var console = streams.Console;
        var c = evaluation.Counts;
        var scores = new Table().Border(TableBorder.Rounded)
            .Title($"uninformative-name vs {TerminalText.Escape(Path.GetFileName(settings.Labels))}")
            .Caption($"{evaluation.Names} names, {c.Support} labelled uninformative")
            .AddColumn(new TableColumn("precision").RightAligned())
            .AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("F1").RightAligned())
            .AddColumn(new TableColumn("flagged").RightAligned())
            .AddColumn(new TableColumn("missed").RightAligned());
        scores.AddRow(Percent(c.Precision), Percent(c.Recall), $"[bold]{Percent(c.F1)}[/]", Count(c.TruePositives + c.FalsePositives), Count(c.FalseNegatives));
        console.Write(scores);

        var reasons = new Table().Border(TableBorder.Rounded).Title("flagged names by reason")
            .AddColumn("reason").AddColumn(new TableColumn("flagged").RightAligned()).AddColumn(new TableColumn("of them labelled uninformative").RightAligned());
        foreach (var reason in evaluation.Reasons)
        {
            reasons.AddRow(ReasonText(reason.Reason), Count(reason.Flagged), Count(reason.LabelledUninformative));
        }

        console.Write(reasons);
        if (evaluation.Disagreements.Count == 0)
        {
            return;
        }

        var disagreements = new Table().Border(TableBorder.Rounded).Title("disagreements (missed first)")
            .AddColumn("name").AddColumn("labelled").AddColumn("check");
        foreach (var d in evaluation.Disagreements)
        {
            disagreements.AddRow(TerminalText.Escape(d.Name), TerminalText.Escape(d.Category), d.Reason is { } r ? ReasonText(r) : "not flagged");
        }

        console.Write(disagreements);
    }

    private static string ReasonText(UninformativeReason reason) => reason switch
    {
        UninformativeReason.Generated => "generated name (autotrain-…)",
        UninformativeReason.Placeholder => "placeholder (test, demo, my…)",
        _ => "neither architecture nor task",
    };

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static UninformativeEvaluationJson ToJson(Settings settings, UninformativeEvaluation evaluation) => new(
        settings.Labels,
        evaluation.Names,
        new ScoreJson(
            Math.Round(evaluation.Counts.Precision, 4), Math.Round(evaluation.Counts.Recall, 4), Math.Round(evaluation.Counts.F1, 4), evaluation.Counts.Support,
            evaluation.Counts.TruePositives, evaluation.Counts.FalsePositives, evaluation.Counts.FalseNegatives),
        evaluation.Reasons.Select(r => new UninformativeReasonJson(ReasonId(r.Reason), r.Flagged, r.LabelledUninformative)).ToArray(),
        evaluation.Disagreements.Select(d => new UninformativeDisagreementJson(d.Name, d.Category, d.Reason is { } r ? ReasonId(r) : null)).ToArray());

    private static string ReasonId(UninformativeReason reason) => JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());
}
