namespace Dara.Cloud.Cli.Commands;

/// <summary>How a command prints its result.</summary>
public enum OutputFormat
{
    /// <summary>A rendered table for people.</summary>
    Table,

    /// <summary>JSON lines for programs.</summary>
    Json,
}
