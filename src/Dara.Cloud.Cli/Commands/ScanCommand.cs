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
        [Description("A folder of models (each holding a config.json or weights, up to 12 folders down), or a Hugging Face cache (~/.cache/huggingface/hub).")]
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

    /// <summary>What a scan of a folder without models says; the depth is <see cref="ModelDiscovery.MaxDepth"/>.</summary>
    internal const string NoModelFound =
        "no model found: no folder in it, up to 12 levels down, holds a config.json, weights (.safetensors, .gguf, .onnx) or a Hugging Face cache snapshot";

    /// <summary>A model checked, with its folder relative to the scanned root (what tells apart the parts of one model).</summary>
    /// <remarks>The report read is not kept: with its fingerprint it is the bulk of a model, and a cache holds thousands.</remarks>
    private sealed record Scanned(string Path, CheckResult Result, IReadOnlyList<string> Problems);

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

        if (models.Count == 0)
        {
            // Empty summary tables and exit 0 read as "all clean" to a script that scanned the wrong folder.
            foreach (var problem in unreadable.Order(StringComparer.Ordinal))
            {
                streams.Error.WriteLine(problem);
            }

            streams.Error.WriteLine(new ArtifactException(settings.Folder, NoModelFound).Message);
            return ExitCodes.BadInput;
        }

        using var inspector = new SourceInspector();
        var results = new ConcurrentDictionary<int, Scanned>();

        // JSON lines go out as models finish, in discovery order: a scan of thousands of models shows its first lines
        // at once instead of holding every document to the end, and an interrupted scan leaves whole lines only.
        var json = settings.Format == OutputFormat.Json ? new OrderedLines(streams.Out) : null;
        async Task ScanAll(Action advance)
        {
            await Parallel.ForAsync(0, models.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var model = models[i];
                string? line = null;
                try
                {
                    await using var source = model.Open();
                    var report = await inspector.InspectAsync(source, ct);
                    var result = ClassifyingChecker.Instance.Check(model.Name, report, policy);
                    var path = ScanLine.PathBelow(settings.Folder, model.Location);
                    results[i] = new Scanned(path, result, report.Artifacts.Problems.Select(p => $"{model.Location}: {p}").ToList());
                    line = json is null ? null : ScanLine.Serialize(path, CheckDocument.From(result, report));
                }
                catch (ArtifactException e)
                {
                    unreadable.Enqueue($"{model.Location}: {e.Message}");
                }

                json?.Add(i, line);
                advance();
            });
        }

        if (json is not null)
        {
            await ScanAll(() => { });
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

        var all = results.OrderBy(r => r.Key).Select(r => r.Value).ToList();
        var problems = unreadable.Order(StringComparer.Ordinal).Concat(all.SelectMany(s => s.Problems)).ToList();
        foreach (var problem in problems)
        {
            streams.Error.WriteLine(problem);
        }

        // As dara check: a model that could not be read in full makes the scan's input bad, whatever was found elsewhere.
        return problems.Count > 0 ? ExitCodes.BadInput
            : settings.FailOn is { } failOn && all.Any(s => s.Result.Findings.Any(f => f.Severity >= failOn.Threshold())) ? ExitCodes.Findings
            : ExitCodes.Clean;
    }

    /// <summary>Writes lines numbered 0, 1, 2… in that order as they arrive in any order; a null line is a gap skipped.</summary>
    private sealed class OrderedLines(TextWriter writer)
    {
        private readonly Dictionary<int, string?> _waiting = [];
        private int _next;

        public void Add(int index, string? line)
        {
            lock (_waiting)
            {
                _waiting[index] = line;
                while (_waiting.Remove(_next, out var ready))
                {
                    if (ready is not null)
                    {
                        writer.WriteLine(ready);
                    }

                    _next++;
                }
            }
        }
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
