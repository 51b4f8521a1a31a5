using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Cli.Inspection;

/// <summary>
/// A file named on the command line (a policy, a list of names) that the file system will not read, as the one-line
/// error the CLI prints. .NET's messages repeat the path ("Access to the path '/x' is denied.", "Input/output error :
/// '/x'"), which the message names once already.
/// </summary>
internal static class UnreadableFile
{
    public static ArtifactException Problem(string path, Exception exception) => new(path, exception switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => $"cannot be read: {WithoutPath(exception.Message, path)}",
    }, exception);

    private static string WithoutPath(string message, string path)
    {
        var suffix = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return (suffix > 0 ? message[..suffix] : message).Replace($"'{path}'", "it", StringComparison.Ordinal).TrimEnd('.');
    }
}
