using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// A settings section's actions, one at a time: while one runs the section's buttons are off, and what went wrong
/// becomes the section's message. A refusal the grains explain (<see cref="AlertTargetException"/>) is shown as it is;
/// any other failure is logged and shown after what could not be done.
/// </summary>
internal sealed partial class SectionActions
{
    /// <summary>An action is running.</summary>
    public bool Working { get; private set; }

    /// <summary>What went wrong in the last action; null when it went well.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// Runs <paramref name="action"/>, which answers what went wrong (null when nothing did); true when it ran and went
    /// well, false when it failed or another action was running. <paramref name="failed"/> opens the message of a failure
    /// ("The test could not be sent").
    /// </summary>
    public async Task<bool> RunAsync(Func<Task<string?>> action, string failed, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Working)
        {
            return false;
        }

        Working = true;
        Error = null;
        try
        {
            Error = await action();
        }
        catch (AlertTargetException refused)
        {
            Error = refused.Message;
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception, failed);
            Error = $"{failed}: {exception.Message}";
        }
        finally
        {
            Working = false;
        }

        return Error is null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string failed);
}
