namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// The file system's errors as the end of a one-line message that already names the path: .NET's own messages repeat
/// the full path ("Access to the path '/m/x' is denied.", "Input/output error : '/m/x'"), which the message says once already.
/// </summary>
public static class FileSystemErrors
{
    /// <summary>The error in a few words, without the path the message around it names already.</summary>
    public static string Describe(Exception exception, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            UnauthorizedAccessException => "permission denied",
            _ => WithoutPath(exception.Message, path),
        };
    }

    /// <summary>
    /// A file that the file system will not read, as a one-line error naming it: "permission denied", else "cannot be
    /// read: …".
    /// </summary>
    public static ArtifactException Unreadable(string path, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(exception);
        var problem = Describe(exception, path);
        return new ArtifactException(path, exception is UnauthorizedAccessException ? problem : $"cannot be read: {problem}", exception);
    }

    // On Unix an IOException reads "Input/output error : '/m/x'"; others name the path inside ("Could not find '/m/x'").
    private static string WithoutPath(string message, string? path)
    {
        var suffix = message.LastIndexOf(" : '", StringComparison.Ordinal);
        var text = suffix > 0 ? message[..suffix] : message;
        return (path is null ? text : text.Replace($"'{path}'", "it", StringComparison.Ordinal)).TrimEnd('.');
    }
}
