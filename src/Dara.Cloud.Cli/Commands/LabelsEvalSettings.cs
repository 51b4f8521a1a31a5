using System.ComponentModel;
using Dara.Cloud.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dara.Cloud.Cli.Commands;

/// <summary>What every evaluation against a labels file takes besides the file: the output format and how many disagreements to list.</summary>
public abstract class LabelsEvalSettings : CommandSettings
{
    [CommandOption("-f|--format <FORMAT>")]
    [Description("table (default) or json.")]
    [DefaultValue("table")]
    public OutputFormat Format { get; init; } = OutputFormat.Table;

    [CommandOption("-t|--top <N>")]
    [Description("How many disagreements to list (default 15).")]
    [DefaultValue(15)]
    public int Top { get; init; } = 15;

    public override ValidationResult Validate() =>
        Top < 0 ? ValidationResult.Error("--top must be 0 or more.") : ValidationResult.Success();
}
