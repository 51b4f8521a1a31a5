using System.ComponentModel;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Cli.Inspection;
using Dara.Cloud.Cli.Output;
using Spectre.Console;
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
        [Description("Include DARA's l, p and d vectors in the JSON (with --format json).")]
        public bool Vectors { get; init; }

        // The table has no room for the vectors: silently ignored, the option looked broken.
        public override ValidationResult Validate() => Vectors && Format != OutputFormat.Json
            ? ValidationResult.Error("--vectors adds DARA's vectors to the JSON: use it with --format json.")
            : ValidationResult.Success();
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

            var problems = SourceInspector.ProblemsOf(report, settings.Source);
            foreach (var problem in problems)
            {
                streams.Error.WriteLine(problem.ToString());
            }

            return problems.Count > 0 ? ExitCodes.BadInput : ExitCodes.Clean;
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }
}
