using System.ComponentModel;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Cli.Inspection;
using Dara.Cloud.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>
/// <c>dara check &lt;folder|file|hf:owner/name&gt; [--name owner/name]</c>: does the name say truthfully what the model is?
/// Exit 0 clean, 1 findings at or above <c>--fail-on</c>, 2 bad input.
/// </summary>
public sealed class CheckCommand(CliStreams streams) : AsyncCommand<CheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<source>")]
        [Description("A model folder in Hub layout, a single file, a Hugging Face cache folder, or hf:owner/name[@revision].")]
        public string Source { get; init; } = string.Empty;

        [CommandOption("-n|--name <NAME>")]
        [Description("Check the artifacts under this name (owner/name) instead of their own: a pre-publish check.")]
        public string? Name { get; init; }

        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default) or json (one object).")]
        [DefaultValue(OutputFormat.Table)]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        [CommandOption("--fail-on <SEVERITY>")]
        [Description("Exit 1 when a finding is at least this severe: warning or error (default).")]
        [DefaultValue(FailOn.Error)]
        public FailOn FailOn { get; init; } = FailOn.Error;

        [CommandOption("--policy <FILE>")]
        [Description("A naming policy (JSON) to check the convention against instead of the default.")]
        public string? Policy { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var inspector = new SourceInspector();
        try
        {
            var policy = settings.Policy is { } path ? PolicyFile.Read(path) : NamingPolicy.Default;
            var (report, ownName) = await inspector.InspectAsync(settings.Source, cancellationToken);
            var result = NameChecker.Default.Check(settings.Name ?? ownName, report.Facts, policy);
            if (settings.Format == OutputFormat.Json)
            {
                streams.Out.WriteLine(EngineJson.Serialize(CheckDocument.From(result, report)));
            }
            else
            {
                streams.Console.Write(ReportRenderer.Verdict(result));
                streams.Console.WriteLine();
            }

            foreach (var problem in report.Artifacts.Problems)
            {
                streams.Error.WriteLine(problem.ToString());
            }

            return report.Artifacts.Problems.Count > 0 ? ExitCodes.BadInput
                : result.Findings.Any(f => f.Severity >= settings.FailOn.Threshold()) ? ExitCodes.Findings
                : ExitCodes.Clean;
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }
}

/// <summary>The least severe finding that fails a check.</summary>
public enum FailOn
{
    Warning,
    Error,
}

internal static class FailOnExtensions
{
    public static Severity Threshold(this FailOn failOn) => failOn == FailOn.Warning ? Severity.Warning : Severity.Error;
}
