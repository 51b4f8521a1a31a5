using System.ComponentModel;
using System.Globalization;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// <c>dara eval elements &lt;labels.json&gt;</c>: parses every labelled name and prints precision, recall and F1 per code,
/// the micro-F1 and the most common disagreements. W and Q count as O, as the labels file them there. Then, on the names
/// labelled more than once, how closely the labels agree with each other beside how closely the parser agrees with them.
/// </summary>
public sealed class EvalElementsCommand(CliStreams streams) : Command<EvalElementsCommand.Settings>
{
    public sealed class Settings : LabelsEvalSettings
    {
        [CommandArgument(0, "<labels>")]
        [Description("A labels file: a JSON object of name → list of codes (the PTM-Naming naming_elements_results.json format).")]
        public string Labels { get; init; } = string.Empty;

        [CommandOption("-s|--split <SPLIT>")]
        [Description("all (default), development or heldout: the deterministic halves of the labels (by SHA-256 of the name).")]
        [DefaultValue("all")]
        public NamingSplit Split { get; init; } = NamingSplit.All;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, IReadOnlySet<ElementCode>> labels;
        try
        {
            labels = NamingLabels.Load(settings.Labels);
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        var evaluation = NamingEvaluation.Run(labels, NameParser.Default, settings.Split, settings.Top);
        var agreement = LabelAgreement.Measure(labels, NameParser.Default, settings.Split);
        if (settings.Format == OutputFormat.Json)
        {
            new JsonLines(streams.Out).Write(ToJson(settings, evaluation, agreement), CliJsonContext.Relaxed.EvaluationJson);
        }
        else
        {
            Render(settings, evaluation);
            Render(agreement);
        }

        return ExitCodes.Clean;
    }

    private void Render(Settings settings, NamingEvaluation evaluation)
    {
        var console = streams.Console;
        var scores = new Table().Border(TableBorder.Rounded)
            .Title($"naming elements vs {TerminalText.Escape(Path.GetFileName(settings.Labels))} ({settings.Split.ToString().ToLowerInvariant()}, {evaluation.Names} names)")
            .AddColumn("code")
            .AddColumn(new TableColumn("precision").RightAligned())
            .AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("F1").RightAligned())
            .AddColumn(new TableColumn("support").RightAligned());
        foreach (var code in evaluation.Codes)
        {
            scores.AddRow(code.Code.ToString(), Percent(code.Counts.Precision), Percent(code.Counts.Recall), Percent(code.Counts.F1), code.Counts.Support.ToString(CultureInfo.InvariantCulture));
        }

        scores.AddRow("[bold]micro[/]", Percent(evaluation.Micro.Precision), Percent(evaluation.Micro.Recall), $"[bold]{Percent(evaluation.Micro.F1)}[/]", evaluation.Micro.Support.ToString(CultureInfo.InvariantCulture));
        console.Write(scores);
        console.MarkupLine("[grey]W (format) and Q (precision) count as O: the labels file fp16, gptq, gguf and onnx under other.[/]");

        if (evaluation.Disagreements.Count == 0)
        {
            return;
        }

        var confusions = new Table().Border(TableBorder.Rounded).Title("most common disagreements")
            .AddColumn("code").AddColumn("kind").AddColumn("token (extra) / other text (missing)")
            .AddColumn(new TableColumn("count").RightAligned()).AddColumn("example");
        foreach (var d in evaluation.Disagreements)
        {
            confusions.AddRow(
                d.Code.ToString(),
                d.Kind == DisagreementKind.Extra ? "extra" : "missing",
                TerminalText.Escape(d.Token),
                d.Count.ToString(CultureInfo.InvariantCulture),
                TerminalText.Escape(d.Example));
        }

        console.Write(confusions);
    }

    /// <summary>The yardstick: how closely the labels of one name agree with each other, beside the parser on the same names.</summary>
    private void Render(LabelAgreement agreement)
    {
        if (agreement.Groups == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"names labelled more than once ({agreement.Names} names, {agreement.Groups} names under several owners): F1")
            .AddColumn("code")
            .AddColumn(new TableColumn("labels with each other").RightAligned())
            .AddColumn(new TableColumn("parser with the labels").RightAligned());
        foreach (var code in agreement.Codes)
        {
            table.AddRow(code.Code.ToString(), Percent(code.LabelsWithEachOther.F1), Percent(code.ParserWithLabels.F1));
        }

        table.AddRow("[bold]micro[/]", Percent(agreement.LabelsWithEachOther.F1), Percent(agreement.ParserWithLabels.F1));

        streams.Console.Write(table);
        streams.Console.MarkupLine("[grey]Each name was labelled on its own; where one name's labels disagree, no parser can agree with them all.[/]");
    }

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);

    private static EvaluationJson ToJson(Settings settings, NamingEvaluation evaluation, LabelAgreement agreement) => new(
        settings.Labels,
        settings.Split.ToString().ToLowerInvariant(),
        evaluation.Names,
        Score(evaluation.Micro),
        evaluation.Codes.Select(c => new CodeScoreJson(c.Code.ToString(), Score(c.Counts))).ToArray(),
        evaluation.Disagreements.Select(d => new DisagreementJson(d.Code.ToString(), d.Kind.ToString().ToLowerInvariant(), d.Token, d.Count, d.Example)).ToArray(),
        new LabelAgreementJson(
            agreement.Groups,
            agreement.Names,
            new CodeAgreementJson("micro", Score(agreement.LabelsWithEachOther), Score(agreement.ParserWithLabels)),
            agreement.Codes.Select(c => new CodeAgreementJson(c.Code.ToString(), Score(c.LabelsWithEachOther), Score(c.ParserWithLabels))).ToArray()));

    private static ScoreJson Score(ScoreCounts c) =>
        new(Math.Round(c.Precision, 4), Math.Round(c.Recall, 4), Math.Round(c.F1, 4), c.Support, c.TruePositives, c.FalsePositives, c.FalseNegatives);
}
