namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// A folder whose files are read through relative paths, with every symbolic link resolved by hand so that a link
/// pointing outside the allowed boundary is refused instead of followed. A downloaded model is untrusted input:
/// a <c>config.json</c> that links to <c>/etc/passwd</c> or <c>~/.ssh</c> must never be read.
/// </summary>
internal sealed class ConfinedFolder
{
    /// <summary>Linux gives up after 40 links (ELOOP); so do we, which also stops link cycles.</summary>
    private const int MaxLinksFollowed = 40;

    private const string TooManyLinks = "too many levels of symbolic links";

    private static readonly StringComparison s_pathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>What .NET puts in a listed name for bytes that are not UTF-8; such a name cannot be opened again.</summary>
    private const char UndecodableName = '\uFFFD';

    private readonly string _outsideProblem;

    /// <param name="root">Where relative paths start.</param>
    /// <param name="boundary">Where every resolved file must stay; <paramref name="root"/> or a folder containing it.</param>
    /// <param name="outsideProblem">The message for a link that leaves the boundary.</param>
    public ConfinedFolder(string root, string boundary, string outsideProblem)
    {
        Root = Canonicalize(Path.GetFullPath(root), root);
        Boundary = Canonicalize(Path.GetFullPath(boundary), boundary);
        _outsideProblem = outsideProblem;
        if (!IsInside(Root))
        {
            throw new ArtifactException(root, outsideProblem);
        }
    }

    /// <summary>The canonical (links resolved) root folder.</summary>
    public string Root { get; }

    /// <summary>The canonical folder nothing may leave.</summary>
    public string Boundary { get; }

    /// <summary>The canonical full path of <paramref name="relativePath"/>, which must name an existing file inside the boundary.</summary>
    public string ResolveFile(string relativePath)
    {
        ArtifactPaths.Validate(relativePath);
        var unresolved = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        var resolved = ResolveInside(unresolved, relativePath);
        if (Directory.Exists(resolved))
        {
            throw new ArtifactException(relativePath, "is a folder, not a file");
        }

        if (!File.Exists(resolved))
        {
            throw new ArtifactException(
                relativePath,
                relativePath.Contains(UndecodableName) ? "has a name that is not valid UTF-8 (shown with U+FFFD), so it cannot be opened; rename it"
                : new FileInfo(unresolved).LinkTarget is { } target
                    ? $"is a symbolic link to {Formats.MessageText.Quote(target)}, which does not exist (a blob deleted or never downloaded?)"
                    : "no such file in the model folder");
        }

        return resolved;
    }

    /// <summary>
    /// Every file under the root as (relative path, canonical full path), skipping <c>.git</c>. Links inside the
    /// boundary are followed (each folder visited once, so link cycles end); links leaving it are refused.
    /// </summary>
    public IReadOnlyList<(string RelativePath, string FullPath)> EnumerateFiles(int maxFiles, CancellationToken cancellationToken)
    {
        var files = new List<(string, string)>();
        var visited = new HashSet<string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase) { Root };
        var pending = new Stack<(string Relative, string Full)>();
        pending.Push(("", Root));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (folderRelative, folderFull) = pending.Pop();
            foreach (var entry in Entries(folderFull, folderRelative))
            {
                if (entry.Name == ".git")
                {
                    continue;
                }

                var relative = folderRelative.Length == 0 ? entry.Name : folderRelative + "/" + entry.Name;
                var full = entry.LinkTarget is null ? entry.FullName : ResolveLinkInside(entry.FullName, relative);
                if (full is null)
                {
                    // A link loop is listed like a link to nothing: reading it says so, and the model's other files
                    // are read as ever. (A link that leaves the folder still refuses the whole listing.)
                    files.Add((relative, entry.FullName));
                }
                else if (Directory.Exists(full))
                {
                    if (visited.Add(full))
                    {
                        pending.Push((relative, full));
                    }
                }
                else if (File.Exists(full))
                {
                    if (files.Count == maxFiles)
                    {
                        throw new ArtifactException(Root, $"holds more than {maxFiles} files; is this really one model?");
                    }

                    files.Add((relative, full));
                }
                else if (entry.LinkTarget is not null || entry.Name.Contains(UndecodableName))
                {
                    // A link to nothing (a cache snapshot whose blob was deleted), or a name that is not UTF-8 (.NET lists
                    // it with U+FFFD and cannot open it), is listed so that reading it says so; left out, the model
                    // would silently lose its config or weights.
                    files.Add((relative, full));
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    /// <summary>The length of a listed file; null for a link left unresolved (to nothing, or in a loop).</summary>
    public static long? SizeOf(string fullPath)
    {
        // Listed files are resolved to their targets; FileInfo would give an unresolved link's own length.
        var info = new FileInfo(fullPath);
        return info.Exists && info.LinkTarget is null ? info.Length : null;
    }

    private static IEnumerable<FileSystemInfo> Entries(string folderFull, string folderRelative)
    {
        try
        {
            // Read the folder at once so that an unreadable folder fails here, with its name, not mid-walk.
            return new DirectoryInfo(folderFull).GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArtifactException(folderRelative.Length == 0 ? folderFull : folderRelative, $"cannot be listed: {FileSystemErrors.Describe(e)}", e);
        }
    }

    /// <summary><see cref="ResolveInside"/> for a listed link; null when it is part of a loop.</summary>
    private string? ResolveLinkInside(string fullPath, string displayPath)
    {
        try
        {
            return ResolveInside(fullPath, displayPath);
        }
        catch (ArtifactException e) when (e.Problem == TooManyLinks)
        {
            return null;
        }
    }

    private string ResolveInside(string fullPath, string displayPath)
    {
        var resolved = Canonicalize(fullPath, displayPath);
        return IsInside(resolved) ? resolved : throw new ArtifactException(displayPath, _outsideProblem);
    }

    private bool IsInside(string canonicalPath) =>
        canonicalPath.Equals(Boundary, s_pathComparison)
        || canonicalPath.StartsWith(Path.EndsInDirectorySeparator(Boundary) ? Boundary : Boundary + Path.DirectorySeparatorChar, s_pathComparison);

    /// <summary>
    /// Resolves every symbolic link in an absolute path, one segment at a time (like realpath(3)), without
    /// opening anything. Resolving only the last link would miss a folder link in the middle of the path.
    /// </summary>
    private static string Canonicalize(string fullPath, string displayPath)
    {
        var current = Path.GetPathRoot(fullPath) ?? throw new ArtifactException(displayPath, "the path has no root");
        var remaining = new LinkedList<string>(SplitSegments(fullPath[current.Length..]));
        var linksFollowed = 0;
        while (remaining.First is { } first)
        {
            var segment = first.Value;
            remaining.RemoveFirst();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var candidate = Path.Combine(current, segment);
            var linkTarget = new FileInfo(candidate).LinkTarget;
            if (linkTarget is null)
            {
                current = candidate;
                continue;
            }

            if (++linksFollowed > MaxLinksFollowed)
            {
                throw new ArtifactException(displayPath, TooManyLinks);
            }

            if (Path.IsPathRooted(linkTarget))
            {
                current = Path.GetPathRoot(linkTarget) ?? current;
                linkTarget = linkTarget[current.Length..];
            }

            foreach (var targetSegment in SplitSegments(linkTarget).Reverse())
            {
                remaining.AddFirst(targetSegment);
            }
        }

        return current;
    }

    private static IEnumerable<string> SplitSegments(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
