using System.ComponentModel;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Cli.Inspection;
using Dara.Cloud.Cli.Output;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary><c>dara inspect &lt;folder|file|hf:owner/name&gt;</c>: the facts and fingerprint a model's artifacts give.</summary>
public sealed class InspectCommand(CliStreams streams) : AsyncCommand<InspectCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<source>")]
        [Description("A model folder in Hub layout, a single file, a model's folder in a Hugging Face cache (models--owner--name), or hf:owner/name[[@revision]] (a branch, tag or commit).")]
        public string Source { get; init; } = string.Empty;

        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default) or json (one object).")]
        [DefaultValue("table")]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        [CommandOption("--vectors")]
        [Description("Include DARA's l, p and d vectors in the JSON.")]
        public bool Vectors { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var inspector = new SourceInspector();
        try
        {
            var (report, _) = await inspector.InspectAsync(settings.Source, cancellationToken);
            if (settings.Format == OutputFormat.Json)
            {
                streams.Out.WriteLine(EngineJson.Serialize(InspectionDocument.From(report, settings.Vectors)));
            }
            else
            {
                streams.Console.Write(ReportRenderer.Inspection(report));
            }

            foreach (var problem in report.Artifacts.Problems)
            {
                streams.Error.WriteLine(problem.ToString());
            }

            return report.Artifacts.Problems.Count > 0 ? ExitCodes.BadInput : ExitCodes.Clean;
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }
}

/// <summary>The exit codes every command uses.</summary>
public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    /// <summary>A bug in dara, not in the input.</summary>
    public const int InternalError = 3;
}
