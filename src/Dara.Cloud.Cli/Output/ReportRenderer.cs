using System.Globalization;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Dara.Cloud.Cli.Output;

/// <summary>Renders reports and verdicts for people: facts and fingerprint as tables, findings with their evidence.</summary>
internal static class ReportRenderer
{
    public static IRenderable Inspection(ModelReport report)
    {
        var facts = report.Facts;
        var fingerprint = report.Fingerprint;
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("fact").NoWrap()).AddColumn("value").AddColumn("evidence");
        void Row(string fact, string? value, string? evidenceKey = null)
        {
            if (!string.IsNullOrEmpty(value))
            {
                var evidence = evidenceKey is not null && facts.Evidence.TryGetValue(evidenceKey, out var where) ? where : string.Empty;
                table.AddRow(TerminalText.Escape(fact), TerminalText.Escape(value), $"[grey]{TerminalText.Escape(evidence)}[/]");
            }
        }

        Row("model type", facts.ModelType, "model_type");
        Row("head", facts.DescribeHead(), "architectures");
        Row("task (from head)", facts.ImpliedTask);
        Row("modality", facts.Modality == Modality.Unknown ? null : facts.Modality.ToString().ToLowerInvariant());
        Row("parameters", Parameters(facts), "parameters");
        Row("by dtype", facts.ParametersByDType.Count > 1 ? string.Join(", ", facts.ParametersByDType.Select(p => $"{p.Key} {ParameterText.Format(p.Value)}")) : null);
        Row("weight bytes", facts.WeightBytes is { } bytes ? $"{bytes:N0} ({Bytes(bytes)})" : null);
        Row("precision", facts.Precision, "dtype");
        Row("quantization", facts.Quantization, "quantization");
        Row("formats", facts.Formats.Count > 0 ? string.Join(", ", facts.Formats) : null);
        Row("blocks", Number(facts.Blocks), "blocks");
        Row("hidden size", Number(facts.HiddenSize), "hidden_size");
        Row("heads", Number(facts.Heads));
        Row("intermediate", Number(facts.IntermediateSize));
        Row("vocabulary", Number(facts.VocabSize));
        Row("max positions", Number(facts.MaxPositions));
        Row("labels", facts.Labels.Count > 0 ? $"{string.Join(", ", facts.Labels.Take(6))}{(facts.Labels.Count > 6 ? $" … ({facts.Labels.Count})" : string.Empty)}" : null);
        Row("remote code", facts.RequiresRemoteCode ? "required (auto_map)" : null);
        Row("card pipeline_tag", facts.CardPipelineTag, "pipeline_tag");
        Row("card language", facts.CardLanguages.Count > 0 ? string.Join(", ", facts.CardLanguages) : null, "language");
        Row("card base_model", facts.CardBaseModels.Count > 0 ? string.Join(", ", facts.CardBaseModels) : null, "base_model");
        Row("card license", facts.CardLicense);
        Row("gguf", facts.GgufArchitecture is null ? null : $"{facts.GgufArchitecture} {facts.GgufName} {facts.GgufSizeLabel}".Trim());
        Row("fingerprint", $"{fingerprint.Hash[..16]}… ({fingerprint.HashBasis})");
        Row("structure", fingerprint.LayerCount > 0
            ? $"{fingerprint.LayerCount} layers, {fingerprint.EdgeCount} connections{(fingerprint.Blocks is { } b ? $", {b.Count} × {b.Prefix}" : string.Empty)}"
            : null);
        Row("layer kinds", fingerprint.LayerCount > 0 ? string.Join(", ", fingerprint.TopLayerKinds().Select(k => $"{k.Key} ×{k.Value}")) : null);
        Row("DARA vectors", fingerprint.LayerCount > 0 ? $"l {fingerprint.Vectors.L.Count} keys, p {fingerprint.Vectors.P.Count} keys, d {fingerprint.Vectors.D.Count} keys" : null);
        Row("files read", $"{report.Artifacts.FilesRead.Count} ({report.Artifacts.BytesRead:N0} bytes in {report.Artifacts.Reads} reads)");

        var title = report.Artifacts.RepoId ?? report.Artifacts.Source;
        return new Rows(new Markup($"[bold]{TerminalText.Escape(title)}[/]"), table);
    }

    public static IRenderable Verdict(VerdictView result)
    {
        var (colour, label) = result.Verdict switch
        {
            Analysis.Checks.Verdict.Ok => ("green", "ok"),
            Analysis.Checks.Verdict.Suspicious => ("yellow", "suspicious"),
            Analysis.Checks.Verdict.Misnamed => ("red", "misnamed"),
            _ => ("grey", "unreadable"),
        };
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]{TerminalText.Escape(result.Name)}[/]  [{colour} bold]{label}[/]  score [bold]{result.Score}[/]/100"),
            new Markup(ElementChips.Chips(result.Elements)),
        };

        if (result.Findings.Count > 0)
        {
            var findings = new Table().Border(TableBorder.Rounded)
                .AddColumn("severity").AddColumn("finding").AddColumn("claimed").AddColumn("observed").AddColumn("evidence");
            foreach (var finding in result.Findings)
            {
                var style = finding.Severity switch { Severity.Error => "red", Severity.Warning => "yellow", _ => "grey" };
                findings.AddRow(
                    new Markup($"[{style}]{finding.Severity.ToString().ToLowerInvariant()}[/]"),
                    new Markup($"[bold]{TerminalText.Escape(finding.Code)}[/]\n{TerminalText.Escape(finding.Message)}"),
                    TerminalText.Plain(finding.Claimed ?? "—"),
                    TerminalText.Plain(finding.Observed ?? "—"),
                    new Markup($"[grey]{TerminalText.Escape(finding.Evidence)}[/]"));
            }

            rows.Add(findings);
        }

        if (!string.Equals(result.SuggestedName, result.Name, StringComparison.Ordinal))
        {
            rows.Add(new Markup($"suggested name: [bold green]{TerminalText.Escape(result.SuggestedName)}[/]"));
        }

        if (result.Prediction is { } prediction)
        {
            rows.Add(Prediction(prediction));
        }

        rows.AddRange(result.Skipped.Select(s => new Markup($"[grey]skipped {TerminalText.Escape(s)}[/]")));
        return new Rows(rows);
    }

    /// <summary>The classifier's top three per label, one line each; greyed, with the reason, when it abstained.</summary>
    public static IRenderable Prediction(ArchitecturePrediction prediction)
    {
        var style = prediction.Abstained ? "grey" : "default";
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(2).PadRight(2)).AddColumn();
        // A classifier that could not take the model at all (too large a structure) abstains with no labels to show.
        foreach (var (label, top) in new[] { ("model type", prediction.ModelType), ("architecture", prediction.Arch), ("task", prediction.Task) }.Where(l => l.Item2.Count > 0))
        {
            var ranked = string.Join("  ", top.Select(t => $"[bold]{TerminalText.Escape(t.Label)}[/] {Percent(t.Probability)}"));
            grid.AddRow(new Markup($"[grey]{label}[/]"), new Markup($"[{style}]{ranked}[/]"));
        }

        var heading = prediction.AbstentionReason is { } reason
            ? $"classifier [yellow]abstained[/]: {TerminalText.Escape(reason)}"
            : "classifier";
        return new Rows(new Markup(heading), grid);
    }

    private static string Percent(double probability) => probability is > 0 and < 0.005
        ? "<1%"
        : (probability * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string? Parameters(ModelFacts facts) => facts.Parameters is { } count
        ? $"{count:N0} ({ParameterText.Format(count)}{(facts.ParametersEstimated ? ", estimated" : string.Empty)} from {facts.ParameterSource})"
        : null;

    private static string? Number(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} B",
    };
}
