using System.Collections.Concurrent;
using System.ComponentModel;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Cli.Inspection;
using Dara.Cloud.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// <c>dara scan &lt;folder|hf-cache&gt;</c>: checks every model below a folder or in a Hugging Face cache, with a progress
/// bar and a summary table, or one JSON line per model.
/// </summary>
public sealed class ScanCommand(CliStreams streams) : AsyncCommand<ScanCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<folder>")]
        [Description("A folder of models (each holding a config.json or weights), or a Hugging Face cache (~/.cache/huggingface/hub).")]
        public string Folder { get; init; } = string.Empty;

        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default) or json (one object per model and line).")]
        [DefaultValue("table")]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        [CommandOption("--fail-on <SEVERITY>")]
        [Description("Exit 1 when any model has a finding at least this severe: warning or error (without it, exit 0 whatever the verdicts).")]
        public FailOn? FailOn { get; init; }

        [CommandOption("--policy <FILE>")]
        [Description("A naming policy (JSON) to check the convention against instead of the default.")]
        public string? Policy { get; init; }
    }

    /// <summary>A model checked, with its folder relative to the scanned root (what tells apart the parts of one model).</summary>
    private sealed record Scanned(DiscoveredModel Model, string Path, CheckResult Result, ModelReport Report);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<DiscoveredModel> models;
        NamingPolicy policy;

        // One model that cannot be read (a folder it may not list, a link out of the cache) is reported and the scan goes on.
        var unreadable = new ConcurrentQueue<string>();
        try
        {
            policy = settings.Policy is { } path ? PolicyFile.Read(path) : NamingPolicy.Default;
            models = ModelDiscovery.Find(settings.Folder, skipped => unreadable.Enqueue(skipped.Message)).ToList();
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        using var inspector = new SourceInspector();
        var results = new ConcurrentDictionary<int, Scanned>();
        async Task ScanAll(Action advance)
        {
            await Parallel.ForAsync(0, models.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var model = models[i];
                try
                {
                    await using var source = model.Open();
                    var report = await inspector.InspectAsync(source, ct);
                    var result = ClassifyingChecker.Instance.Check(model.Name, report, policy);
                    results[i] = new Scanned(model, ScanLine.PathBelow(settings.Folder, model.Location), result, report);
                }
                catch (ArtifactException e)
                {
                    unreadable.Enqueue($"{model.Location}: {e.Message}");
                }

                advance();
            });
        }

        if (settings.Format == OutputFormat.Json)
        {
            await ScanAll(() => { });
            foreach (var (_, scanned) in results.OrderBy(r => r.Key))
            {
                streams.Out.WriteLine(ScanLine.Serialize(scanned.Path, CheckDocument.From(scanned.Result, scanned.Report)));
            }
        }
        else if (!streams.Console.Profile.Capabilities.Interactive)
        {
            // Redirected output gets the summary only; a progress bar would leave its frames in the file.
            await ScanAll(() => { });
            streams.Console.Write(Summary(results.OrderBy(r => r.Key).Select(r => r.Value).ToList()));
        }
        else
        {
            await streams.Console.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask($"Scanning {models.Count} models", maxValue: Math.Max(1, models.Count));
                await ScanAll(() => task.Increment(1));
            });
            streams.Console.Write(Summary(results.OrderBy(r => r.Key).Select(r => r.Value).ToList()));
        }

        var all = results.Values.ToList();
        var problems = unreadable.Order(StringComparer.Ordinal)
            .Concat(all.SelectMany(s => s.Report.Artifacts.Problems.Select(p => $"{s.Model.Location}: {p}")))
            .ToList();
        foreach (var problem in problems)
        {
            streams.Error.WriteLine(problem);
        }

        // As dara check: a model that could not be read in full makes the scan's input bad, whatever was found elsewhere.
        return problems.Count > 0 ? ExitCodes.BadInput
            : settings.FailOn is { } failOn && all.Any(s => s.Result.Findings.Any(f => f.Severity >= failOn.Threshold())) ? ExitCodes.Findings
            : ExitCodes.Clean;
    }

    private static Rows Summary(IReadOnlyList<Scanned> scanned)
    {
        var verdicts = new Table().Border(TableBorder.Rounded).AddColumn("verdict").AddColumn(new TableColumn("models").RightAligned());
        foreach (var group in scanned.GroupBy(s => s.Result.Verdict).OrderBy(g => g.Key))
        {
            verdicts.AddRow(group.Key.ToString().ToLowerInvariant(), group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        verdicts.AddRow("[bold]all[/]", $"[bold]{scanned.Count}[/]");
        var findings = new Table().Border(TableBorder.Rounded).AddColumn("finding").AddColumn(new TableColumn("models").RightAligned());
        foreach (var group in scanned.SelectMany(s => s.Result.Findings.Select(f => f.Code).Distinct()).GroupBy(c => c).OrderByDescending(g => g.Count()))
        {
            findings.AddRow(group.Key, group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // The parts of one model (an onnx/ folder, a pipeline's components) go by the same name: their folder tells them apart.
        var sharedNames = scanned.GroupBy(s => s.Result.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var flagged = new Table().Border(TableBorder.Rounded).AddColumn("model").AddColumn("verdict").AddColumn("score").AddColumn("first finding").AddColumn("suggested name");
        foreach (var item in scanned.Where(s => s.Result.Verdict is Verdict.Misnamed or Verdict.Suspicious).OrderBy(s => s.Result.Score).Take(50))
        {
            var first = item.Result.Findings.FirstOrDefault();
            flagged.AddRow(
                sharedNames.Contains(item.Result.Name)
                    ? $"{TerminalText.Escape(item.Result.Name)}\n[grey]{TerminalText.Escape(item.Path)}[/]"
                    : TerminalText.Escape(item.Result.Name),
                item.Result.Verdict == Verdict.Misnamed ? "[red]misnamed[/]" : "[yellow]suspicious[/]",
                item.Result.Score.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TerminalText.Escape(first is null ? string.Empty : $"{first.Code}: {first.Message}"),
                TerminalText.Escape(item.Result.SuggestedName));
        }

        return new Rows(new Columns(verdicts, findings), flagged);
    }
}
