namespace Dara.Cloud.Portal.Ui;

/// <summary>What the pages log (kept here: Razor files cannot declare source-generated log methods).</summary>
internal static partial class PortalLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A check of {Name} in the browser failed")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A settings change in {Organization} failed")]
    public static partial void SettingsChangeFailed(ILogger logger, Exception exception, string organization);
}
