using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Inspection;

/// <summary>A model found below a folder: where it is, the name it goes by, and how to open it.</summary>
public sealed record DiscoveredModel(string Location, string Name, Func<IArtifactSource> Open);

/// <summary>
/// Finds every model below a folder (for <c>dara scan</c>): each snapshot of a Hugging Face cache, or each folder that
/// holds a config.json or weights. Never follows symbolic links out of the tree, and stops at a depth limit.
/// </summary>
public static class ModelDiscovery
{
    /// <summary>How many folders deep below the root models are looked for; deeper ones are not searched.</summary>
    public const int MaxDepth = 12;

    private static readonly string[] ModelFiles = ["config.json", "params.json", "model_index.json"];
    private static readonly string[] WeightExtensions = [".safetensors", ".gguf", ".onnx"];

    /// <summary>
    /// The file that makes numbered sibling folders modules. Only beside it: a folder of models named
    /// <c>owner__repo</c> may start with digits and an underscore too (<c>1235357__Backup_hf_…</c>).
    /// </summary>
    private const string SentenceTransformersModules = "modules.json";

    /// <param name="root">The folder to search, or a Hugging Face cache.</param>
    /// <param name="skipped">Told of each folder that cannot be listed (permissions): it is left out and the search goes
    /// on. Without it, the first such folder throws.</param>
    public static IEnumerable<DiscoveredModel> Find(string root, Action<ArtifactException>? skipped = null)
    {
        if (!Directory.Exists(root))
        {
            throw new ArtifactException(root, File.Exists(root) ? "is a file, not a folder of models" : "no such folder");
        }

        if (HuggingFaceCache.IsCacheRoot(root))
        {
            return HuggingFaceCache.EnumerateModels(root, skipped)
                .Select(m => new DiscoveredModel(m.SnapshotPath, m.RepoId, () => HuggingFaceCacheSource.OpenSnapshot(m.SnapshotPath)));
        }

        var report = skipped ?? (problem => throw problem);
        return Walk(new DirectoryInfo(Path.GetFullPath(root)), 0, report)
            .OrderBy(d => d.FullName, StringComparer.Ordinal)
            .Select(d => new DiscoveredModel(d.FullName, ModelIdentity.NameOf(new LocalFolderSource(d.FullName), d.FullName), () => new LocalFolderSource(d.FullName)));
    }

    private static IEnumerable<DirectoryInfo> Walk(DirectoryInfo folder, int depth, Action<ArtifactException> skipped)
    {
        // A folder that cannot be listed is neither a model nor a way to one; the rest of the tree is still searched.
        if (Listing(folder, skipped) is not { } listing)
        {
            yield break;
        }

        var (files, children) = listing;
        if (files.Any(IsModelFile))
        {
            yield return folder;
        }

        var holdsModules = files.Any(f => f.Name.Equals(SentenceTransformersModules, StringComparison.Ordinal));

        if (depth >= MaxDepth)
        {
            yield break;
        }

        foreach (var child in children)
        {
            // Links are never followed (a link could leave the tree or loop); module folders of a
            // sentence-transformers model (1_Pooling, 2_Dense beside its modules.json) are parts, not models.
            if (child.LinkTarget is not null || child.Name.StartsWith('.') || child.Name is "node_modules" || (holdsModules && IsModuleFolder(child.Name)))
            {
                continue;
            }

            foreach (var found in Walk(child, depth + 1, skipped))
            {
                yield return found;
            }
        }
    }

    private static (FileInfo[] Files, DirectoryInfo[] Folders)? Listing(DirectoryInfo folder, Action<ArtifactException> skipped)
    {
        try
        {
            return (folder.GetFiles(), folder.GetDirectories());
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or System.Security.SecurityException)
        {
            skipped(new ArtifactException(folder.FullName, $"cannot be listed, skipped: {FileSystemErrors.Describe(e)}", e));
            return null;
        }
    }

    private static bool IsModelFile(FileInfo file) =>
        ModelFiles.Contains(file.Name, StringComparer.Ordinal) || WeightExtensions.Any(e => file.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool IsModuleFolder(string name)
    {
        var underscore = name.IndexOf('_');
        return underscore > 0 && name.AsSpan(0, underscore).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
