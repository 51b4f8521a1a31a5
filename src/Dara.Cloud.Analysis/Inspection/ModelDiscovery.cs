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
    private const int MaxDepth = 12;

    private static readonly string[] ModelFiles = ["config.json", "params.json", "model_index.json"];
    private static readonly string[] WeightExtensions = [".safetensors", ".gguf", ".onnx"];

    public static IEnumerable<DiscoveredModel> Find(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new ArtifactException(root, "no such folder");
        }

        if (HuggingFaceCache.IsCacheRoot(root))
        {
            return HuggingFaceCache.EnumerateModels(root)
                .Select(m => new DiscoveredModel(m.SnapshotPath, m.RepoId, () => HuggingFaceCacheSource.OpenSnapshot(m.SnapshotPath)));
        }

        return Walk(new DirectoryInfo(Path.GetFullPath(root)), 0)
            .OrderBy(d => d.FullName, StringComparer.Ordinal)
            .Select(d => new DiscoveredModel(d.FullName, ModelIdentity.NameOf(new LocalFolderSource(d.FullName), d.FullName), () => new LocalFolderSource(d.FullName)));
    }

    private static IEnumerable<DirectoryInfo> Walk(DirectoryInfo folder, int depth)
    {
        if (IsModelFolder(folder))
        {
            yield return folder;
        }

        if (depth >= MaxDepth)
        {
            yield break;
        }

        foreach (var child in folder.EnumerateDirectories())
        {
            // Links are never followed (a link could leave the tree or loop); module folders of a
            // sentence-transformers model (1_Pooling, 2_Dense) are parts, not models.
            if (child.LinkTarget is not null || child.Name.StartsWith('.') || child.Name is "node_modules" || IsModuleFolder(child.Name))
            {
                continue;
            }

            foreach (var found in Walk(child, depth + 1))
            {
                yield return found;
            }
        }
    }

    private static bool IsModelFolder(DirectoryInfo folder) =>
        folder.EnumerateFiles().Any(f => ModelFiles.Contains(f.Name, StringComparer.Ordinal)
            || WeightExtensions.Any(e => f.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase)));

    private static bool IsModuleFolder(string name)
    {
        var underscore = name.IndexOf('_');
        return underscore > 0 && name.AsSpan(0, underscore).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
