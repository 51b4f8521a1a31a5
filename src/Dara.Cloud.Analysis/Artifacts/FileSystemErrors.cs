namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// The file system's errors as the end of a one-line message that already names the path: .NET's own messages repeat
/// the full path ("Access to the path '/m/x' is denied.", "Input/output error : '/m/x'"), which the message says once already.
/// </summary>
public static class FileSystemErrors
{
    /// <summary>The error in a few words, without the path the message around it names already.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => WithoutPath(exception.Message),
    };

    // On Unix an IOException reads "Input/output error : '/m/x'".
    private static string WithoutPath(string message)
    {
        var suffix = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return (suffix > 0 ? message[..suffix] : message).TrimEnd('.');
    }
}
