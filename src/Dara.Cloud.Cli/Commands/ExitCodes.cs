namespace Dara.Cloud.Cli.Commands;

/// <summary>The exit codes every command uses.</summary>
public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    /// <summary>A bug in dara, not in the input.</summary>
    public const int InternalError = 3;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report a process interrupted).</summary>
    public const int Cancelled = 130;
}
