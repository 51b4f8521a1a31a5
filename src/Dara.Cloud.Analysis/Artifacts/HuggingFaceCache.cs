using Dara.Cloud.Analysis.Artifacts.Hub;

namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// The local Hugging Face Hub cache (<c>&lt;cache&gt;/models--org--name/{refs,snapshots,blobs}</c>): where it is,
/// whether a folder is one, and which models it holds.
/// </summary>
public static class HuggingFaceCache
{
    /// <summary>The prefix of a model's folder in the cache.</summary>
    public const string ModelFolderPrefix = "models--";

    /// <summary>The separator the cache uses in place of '/' (which is why repository ids may not contain "--").</summary>
    public const string Separator = "--";

    /// <summary>A refs file holds a 40-hex commit; anything much longer is not one.</summary>
    private const int MaxRefBytes = 256;

    /// <summary>
    /// Where huggingface_hub keeps its cache: <c>HF_HUB_CACHE</c>, else <c>HF_HOME/hub</c>, else
    /// <c>XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c> (the legacy
    /// <c>HUGGINGFACE_HUB_CACHE</c> is honoured after <c>HF_HUB_CACHE</c>). The folder may not exist.
    /// </summary>
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    public static string DefaultRoot(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (NonEmpty(environment("HF_HUB_CACHE")) is { } hubCache)
        {
            return hubCache;
        }

        if (NonEmpty(environment("HUGGINGFACE_HUB_CACHE")) is { } legacyHubCache)
        {
            return legacyHubCache;
        }

        return Path.Combine(HuggingFaceHome(environment), "hub");
    }

    /// <summary>
    /// huggingface_hub's home folder (token, cache): <c>HF_HOME</c>, else <c>XDG_CACHE_HOME/huggingface</c>,
    /// else <c>~/.cache/huggingface</c>.
    /// </summary>
    public static string HuggingFaceHome(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (NonEmpty(environment("HF_HOME")) is { } home)
        {
            return home;
        }

        var cacheHome = NonEmpty(environment("XDG_CACHE_HOME"))
            ?? Path.Combine(NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "huggingface");
    }

    /// <summary>
    /// True when <paramref name="folder"/> holds at least one <c>models--*</c> folder; false for a folder that cannot be
    /// listed, which the caller then reports as it lists it (a predicate that threw made <c>dara check</c> on an
    /// unreadable folder an internal error).
    /// </summary>
    public static bool IsCacheRoot(string folder)
    {
        try
        {
            return Directory.Exists(folder) && Directory.EnumerateDirectories(folder, ModelFolderPrefix + "*").Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="folder"/> is one model's cache folder (<c>models--org--name</c> with <c>snapshots/</c>).</summary>
    public static bool IsModelFolder(string folder) =>
        RepoIdFromFolderName(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))) is not null
        && Directory.Exists(Path.Combine(folder, "snapshots"));

    /// <summary>True when <paramref name="folder"/> is a snapshot (<c>models--org--name/snapshots/&lt;commit&gt;</c>).</summary>
    public static bool IsSnapshotFolder(string folder)
    {
        var snapshots = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        return snapshots is not null
            && Path.GetFileName(snapshots) == "snapshots"
            && Path.GetDirectoryName(snapshots) is { } modelFolder
            && IsModelFolder(modelFolder)
            && Directory.Exists(folder);
    }

    /// <summary>The cache folder name of a model: <c>org/name</c> → <c>models--org--name</c>.</summary>
    public static string FolderName(string repoId) =>
        ModelFolderPrefix + HubRepoId.Validate(repoId).Replace("/", Separator, StringComparison.Ordinal);

    /// <summary>
    /// The repository id of a cache folder name (<c>models--julien-c--EsperBERTo-small</c> → <c>julien-c/EsperBERTo-small</c>),
    /// or null when the name is not a model folder. Ids cannot contain "--", so the first "--" is the separator.
    /// </summary>
    public static string? RepoIdFromFolderName(string folderName)
    {
        if (!folderName.StartsWith(ModelFolderPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = folderName[ModelFolderPrefix.Length..];
        var separator = body.IndexOf(Separator, StringComparison.Ordinal);
        var repoId = separator < 0 ? body : body[..separator] + "/" + body[(separator + Separator.Length)..];
        return HubRepoId.IsValid(repoId) ? repoId : null;
    }

    /// <summary>
    /// Every model in a cache root with the snapshot its <c>main</c> ref points to (or, without a <c>main</c> ref,
    /// its most recently written snapshot). Models without any snapshot are left out.
    /// </summary>
    /// <param name="cacheRoot">The cache folder.</param>
    /// <param name="skipped">Told of each model whose snapshots cannot be listed (permissions): it is left out and the
    /// rest are still enumerated. Without it, the first such model throws.</param>
    public static IEnumerable<(string RepoId, string SnapshotPath)> EnumerateModels(string cacheRoot, Action<ArtifactException>? skipped = null)
    {
        if (!Directory.Exists(cacheRoot))
        {
            throw new ArtifactException(cacheRoot, "no such folder");
        }

        string[] modelFolders;
        try
        {
            modelFolders = Directory.GetDirectories(cacheRoot, ModelFolderPrefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArtifactException(cacheRoot, $"cannot be listed: {FileSystemErrors.Describe(e)}", e);
        }

        foreach (var modelFolder in modelFolders.Order(StringComparer.Ordinal))
        {
            if (RepoIdFromFolderName(Path.GetFileName(modelFolder)) is not { } repoId)
            {
                continue;
            }

            string? snapshot;
            try
            {
                snapshot = DefaultSnapshot(modelFolder);
            }
            catch (ArtifactException e) when (skipped is not null)
            {
                skipped(e);
                continue;
            }

            if (snapshot is not null)
            {
                yield return (repoId, snapshot);
            }
        }
    }

    /// <summary>
    /// The snapshot folder of <paramref name="revision"/>: a 40-hex commit is used as is, anything else is read from
    /// <c>refs/&lt;revision&gt;</c>. Throws <see cref="ArtifactException"/> when the cache does not hold it.
    /// </summary>
    public static string ResolveSnapshot(string modelFolder, string revision)
    {
        if (!HubRepoId.IsValidRevision(revision))
        {
            throw new ArtifactException(modelFolder, $"'{revision}' is not a valid revision (a branch, tag or commit)");
        }

        var commit = HubRepoId.IsCommitHash(revision) ? revision : ReadRef(modelFolder, revision);
        var snapshot = Path.Combine(modelFolder, "snapshots", commit);
        return Directory.Exists(snapshot)
            ? snapshot
            : throw new ArtifactException(modelFolder,
                revision == commit
                    ? $"commit {commit} is not in the cache"
                    : $"revision '{revision}' points to commit {commit}, which is not in the cache");
    }

    private static string ReadRef(string modelFolder, string revision)
    {
        var refFile = Path.Combine(modelFolder, "refs", revision.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(refFile))
        {
            throw new ArtifactException(modelFolder, $"the cache has no ref '{revision}' (no refs/{revision} file)");
        }

        // The ref lives in the cache we were pointed at; it is small and read only to name a folder, so a plain
        // capped read is enough (its content is validated as a commit below).
        var buffer = new byte[MaxRefBytes];
        var length = 0;
        try
        {
            if (!LocalFileReader.ReportsNoBytes(refFile))
            {
                using var stream = File.OpenRead(refFile);
                length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // File.Exists says yes to a link that loops (refs/main → main): opening it fails with ELOOP.
            throw new ArtifactException(refFile, $"cannot be read: {e.Message}", e);
        }

        var commit = System.Text.Encoding.ASCII.GetString(buffer, 0, length).Trim();
        return HubRepoId.IsCommitHash(commit)
            ? commit
            : throw new ArtifactException(refFile, "does not hold a 40-hex commit id");
    }

    private static string? DefaultSnapshot(string modelFolder)
    {
        try
        {
            return ResolveSnapshot(modelFolder, "main");
        }
        catch (ArtifactException)
        {
            var snapshots = new DirectoryInfo(Path.Combine(modelFolder, "snapshots"));
            try
            {
                return snapshots.Exists
                    ? snapshots.EnumerateDirectories().OrderByDescending(s => s.LastWriteTimeUtc).FirstOrDefault()?.FullName
                    : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArtifactException(snapshots.FullName, $"cannot be listed: {FileSystemErrors.Describe(e)}", e);
            }
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
