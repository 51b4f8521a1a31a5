using System.ComponentModel;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Cli.Output;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Features;
using Dara.Cloud.Inference.Scoring;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// <c>dara predict &lt;rows.jsonl&gt;</c>: reads rows in the PeaTMOSS schema (<c>repo_name</c>, <c>layers</c>; other
/// fields ignored; JSON Lines or a JSON array) and writes one JSON line per row:
/// <c>{"repo_name","model_type","arch","task","confidence"}</c>. A row that cannot be predicted (no layers, an empty or
/// oversized trace, names that are not operations, no operation the classifier knows) is reported on standard error
/// as <c>file:row: problem</c>; the other rows are still predicted and the exit code is 1.
/// </summary>
public sealed class PredictCommand(CliStreams streams) : Command<PredictCommand.Settings>
{
    /// <summary>Rows scored together.</summary>
    private const int Batch = 512;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<rows>")]
        [Description("Rows with repo_name and layers, one JSON object per line (or a JSON array, like the PeaTMOSS file).")]
        public string Rows { get; init; } = string.Empty;

        [CommandOption("-m|--model <DIR>")]
        [Description("A model written by dara train (default: the shipped model).")]
        public string? Model { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var failed = 0;
        var rows = 0;
        try
        {
            var predictor = settings.Model is { } directory ? ModelTypePredictor.Load(directory) : ModelTypePredictor.Shipped;
            try
            {
                var lines = new JsonLines(streams.Out);
                var pending = new List<Pending>(Batch);
                foreach (var result in TraceRowReader.Read(settings.Rows))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    rows++;
                    pending.Add(Parse(result));
                    if (pending.Count == Batch)
                    {
                        failed += Flush(settings.Rows, predictor, pending, lines);
                    }
                }

                failed += Flush(settings.Rows, predictor, pending, lines);
            }
            finally
            {
                if (settings.Model is not null)
                {
                    predictor.Dispose();
                }
            }
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        if (rows == 0)
        {
            // No output and exit 0 read as success to a script that predicted from the wrong (empty) file.
            streams.Error.WriteLine($"{settings.Rows}: holds no rows (expected one JSON object with \"layers\" per line, or a JSON array of them)");
            return ExitCodes.BadInput;
        }

        return failed == 0 ? ExitCodes.Clean : ExitCodes.Findings;
    }

    private static Pending Parse(TraceRowResult result)
    {
        if (result.Value is not { } row)
        {
            return new Pending(result.Row, null, null, result.Problem);
        }

        try
        {
            return new Pending(row.Row, row.RepoName, LayerTrace.FromText(row.Layers), null);
        }
        catch (ClassifierInputException e)
        {
            return new Pending(row.Row, row.RepoName, null, e.Message);
        }
    }

    /// <summary>
    /// Predicts the pending rows in one batch and writes, in row order, a JSON line for each predicted row and an
    /// error line for each row that could not be; returns how many could not be predicted.
    /// </summary>
    private int Flush(string file, ModelTypePredictor predictor, List<Pending> pending, JsonLines lines)
    {
        var traces = pending.Where(p => p.Trace is not null).Select(p => p.Trace!).ToList();
        var predictions = predictor.PredictBatch(traces);
        var failed = 0;
        var next = 0;
        foreach (var item in pending)
        {
            var problem = item.Problem;
            if (item.Trace is not null)
            {
                var prediction = predictions[next++];
                if (prediction.UnknownOperationShare < 1)
                {
                    lines.Write(
                        new PredictionLine(item.RepoName, prediction.ModelType.Label, prediction.Arch.Label, prediction.Task.Label, Math.Round(prediction.Confidence, 4)),
                        CliJsonContext.Relaxed.PredictionLine);
                    continue;
                }

                problem = prediction.AbstentionReason;
            }

            streams.Error.WriteLine($"{file}:{item.Row}: {problem}");
            failed++;
        }

        pending.Clear();
        return failed;
    }

    /// <summary>A row read: its trace, or why it has none.</summary>
    private sealed record Pending(int Row, string? RepoName, LayerTrace? Trace, string? Problem);
}
