using System.ComponentModel;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary><c>dara elements &lt;name&gt;… | --input FILE [--format json|table]</c>: prints the naming elements of model names.</summary>
public sealed class ElementsCommand(CliStreams streams) : Command<ElementsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[names]")]
        [Description("Model names, owner/name or name alone.")]
        public string[] Names { get; init; } = [];

        [CommandOption("-i|--input <FILE>")]
        [Description("A file with one model name per line.")]
        public string? Input { get; init; }

        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default) or json (one object per line).")]
        [DefaultValue("table")]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        public override ValidationResult Validate() =>
            Names.Length == 0 && Input is null
                ? ValidationResult.Error("Give model names or --input FILE.")
                : ValidationResult.Success();
    }

    /// <summary>Names per table: a file of a million names is shown table after table instead of held in one.</summary>
    internal const int NamesPerTable = 500;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var parser = NameParser.Default;
        var count = 0;
        try
        {
            var names = (settings.Input is { } input ? settings.Names.Concat(NameListReader.Read(input)) : settings.Names)
                .Select(name =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    count++;
                    return name;
                });
            if (settings.Format == OutputFormat.Json)
            {
                var lines = new JsonLines(streams.Out);
                foreach (var name in names)
                {
                    var parsed = parser.Parse(name);
                    lines.Write(
                        new ElementsLine(name, parsed.Elements.Select(e => new ElementJson(e.Code.ToString(), e.Text, e.Value)).ToArray()),
                        CliJsonContext.Relaxed.ElementsLine);
                }
            }
            else
            {
                foreach (var chunk in names.Chunk(NamesPerTable))
                {
                    streams.Console.Write(ElementChips.Table(chunk.Select(parser.Parse), cancellationToken));
                }
            }
        }
        catch (ArtifactException e)
        {
            streams.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        if (count == 0)
        {
            // Only --input can bring no names (the arguments are checked to hold some): an empty file, or one of blank lines.
            streams.Error.WriteLine($"{settings.Input}: holds no names (one model name per line)");
            return ExitCodes.BadInput;
        }

        return ExitCodes.Clean;
    }
}
