using Spectre.Console;

namespace Dara.Cloud.Cli.Output;

/// <summary>
/// Where commands write: <see cref="Console"/> for rendered tables and markup, <see cref="Out"/> for machine-readable
/// output (JSON lines must not be wrapped or styled), <see cref="Error"/> for one-line error messages.
/// </summary>
public sealed record CliStreams(IAnsiConsole Console, TextWriter Out, TextWriter Error)
{
    /// <summary>The process's terminal and standard streams.</summary>
    public static CliStreams System => new(AnsiConsole.Console, global::System.Console.Out, global::System.Console.Error);
}
