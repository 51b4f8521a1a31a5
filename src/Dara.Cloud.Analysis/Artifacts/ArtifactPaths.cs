namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// Checks the relative, '/'-separated paths callers ask a source for. A path that could name something outside the
/// model (a "..", an absolute path, a drive, a NUL, a backslash that Windows would treat as a separator) is refused
/// before any file system or network access, so no source has to trust its caller.
/// </summary>
public static class ArtifactPaths
{
    /// <summary>Returns <paramref name="path"/> unchanged when it is a safe relative path, else throws.</summary>
    public static string Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new ArtifactException("(empty path)", "a file path is required");
        }

        if (path.Contains('\0'))
        {
            throw new ArtifactException(path.Replace("\0", "\\0", StringComparison.Ordinal), "the path contains a NUL character");
        }

        if (path.Contains('\\'))
        {
            throw new ArtifactException(path, "the path contains a backslash; model paths use '/'");
        }

        if (path.StartsWith('/') || Path.IsPathRooted(path) || (path.Length >= 2 && path[1] == ':'))
        {
            throw new ArtifactException(path, "the path is absolute; model paths are relative to the model folder");
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "..")
            {
                throw new ArtifactException(path, "the path contains '..'; model paths must stay inside the model folder");
            }

            if (segment is "" or ".")
            {
                throw new ArtifactException(path, "the path has an empty or '.' segment");
            }
        }

        return path;
    }
}
