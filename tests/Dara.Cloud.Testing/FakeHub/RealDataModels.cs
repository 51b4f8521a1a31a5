using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>
/// The real data (<c>DARA_REAL_DATA</c>) as Hub models, served in place from their real paths:
/// <list type="bullet">
/// <item><c>hf_configs/&lt;owner&gt;__&lt;repo&gt;/</c> → model <c>owner/repo</c> (split at the first "__": GitHub owners
/// have no '_'). Files are those on disk, at their paths inside the folder, plus every row of <c>_files.tsv</c> not on
/// disk, listed without bytes: <c>lfs-pointer</c> rows with their LFS size and SHA-256, <c>absent</c> rows and files
/// not copied (large tokenizers) with their git size when known. Resolving a file without bytes answers
/// 404 <c>EntryNotFound</c> with an <c>X-Error-Message</c> saying so; <c>/raw/</c> of an LFS row serves its pointer.</item>
/// <item><c>safetensors/github__&lt;owner&gt;__&lt;repo&gt;/</c> → model <c>owner/repo</c>, merged with the hf_configs
/// model of the same id when there is one.</item>
/// <item>Each folder holding <c>.onnx</c> files under <c>onnx/&lt;source&gt;/...</c> → model
/// <c>&lt;source-owner&gt;/&lt;folder name&gt;</c>, serving that folder's <c>.onnx</c> files; the owner is the source with
/// its version dropped, '@' removed and "__" turned into '.': <c>github__onnx__onnx</c> → <c>github.onnx.onnx</c>,
/// <c>npm__@ricky0123__vad-web@0.0.31</c> → <c>npm.ricky0123.vad-web</c>. So
/// <c>onnx/github__onnx__onnx/onnx/backend/test/data/light/</c> is <c>github.onnx.onnx/light</c>. A folder name used twice
/// in one source gets "-2", "-3" in path order.</item>
/// </list>
/// Derived files (<c>_files.tsv</c>, <c>_PROVENANCE.json</c>, <c>*.header.json</c>, <c>*.summary.json</c>) are not served.
/// Dates come from <c>_PROVENANCE.json</c>'s <c>commit_date</c> when there is one, else a fixed date.
/// </summary>
public static class RealDataModels
{
    private static readonly DateTimeOffset s_defaultDate = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<FakeHubModel>>> s_loaded = new(StringComparer.Ordinal);

    /// <summary>Every real-data model under <paramref name="root"/>, loaded once per process.</summary>
    public static IReadOnlyList<FakeHubModel> Load(string root) =>
        s_loaded.GetOrAdd(Path.GetFullPath(root), full => new Lazy<IReadOnlyList<FakeHubModel>>(() => LoadUncached(full))).Value;

    /// <summary>The fake Hub id of an ONNX folder's source: <c>npm__@ricky0123__vad-web@0.0.31</c> → <c>npm.ricky0123.vad-web</c>.</summary>
    public static string OnnxOwner(string sourceFolderName)
    {
        var parts = sourceFolderName.Split("__").Select(part =>
        {
            var withoutScope = part.TrimStart('@');
            var version = withoutScope.IndexOf('@', StringComparison.Ordinal);
            return version < 0 ? withoutScope : withoutScope[..version];
        });
        return string.Join('.', parts);
    }

    private static IReadOnlyList<FakeHubModel> LoadUncached(string root)
    {
        var catalog = new ModelCatalog();
        catalog.AddExisting(HfConfigModels(Path.Combine(root, "hf_configs")));
        catalog.AddExisting(SafetensorsModels(Path.Combine(root, "safetensors")));
        catalog.AddExisting(OnnxModels(Path.Combine(root, "onnx")));
        return catalog.Models.OrderBy(model => model.Id, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<FakeHubModel> HfConfigModels(string folder)
    {
        foreach (var modelFolder in SortedFolders(folder))
        {
            if (SplitOwnerRepo(Path.GetFileName(modelFolder)) is not { } id)
            {
                continue;
            }

            var onDisk = FilesOnDisk(modelFolder).ToList();
            var paths = onDisk.Select(file => file.Path).ToHashSet(StringComparer.Ordinal);
            var listedOnly = FilesTsv(modelFolder).Where(file => !paths.Contains(file.Path));
            var date = ProvenanceDate(modelFolder);
            yield return new FakeHubModel(id, onDisk.Concat(listedOnly), date, date, version: 1);
        }
    }

    private static IEnumerable<FakeHubModel> SafetensorsModels(string folder)
    {
        foreach (var modelFolder in SortedFolders(folder))
        {
            var name = Path.GetFileName(modelFolder);
            if (name.StartsWith("github__", StringComparison.Ordinal) && SplitOwnerRepo(name["github__".Length..]) is { } id)
            {
                yield return new FakeHubModel(id, FilesOnDisk(modelFolder), s_defaultDate, s_defaultDate, version: 1);
            }
        }
    }

    private static IEnumerable<FakeHubModel> OnnxModels(string folder)
    {
        foreach (var source in SortedFolders(folder))
        {
            var owner = OnnxOwner(Path.GetFileName(source));
            var namesUsed = new Dictionary<string, int>(StringComparer.Ordinal);
            var onnxFolders = Directory.EnumerateFiles(source, "*.onnx", SearchOption.AllDirectories)
                .Select(file => Path.GetDirectoryName(file)!)
                .Distinct()
                .Order(StringComparer.Ordinal);
            foreach (var onnxFolder in onnxFolders)
            {
                var name = Path.GetFileName(onnxFolder);
                var uses = namesUsed[name] = namesUsed.GetValueOrDefault(name) + 1;
                var files = Directory.EnumerateFiles(onnxFolder, "*.onnx")
                    .Select(file => FakeHubFile.FromDisk(Path.GetFileName(file), file));
                yield return new FakeHubModel($"{owner}/{(uses == 1 ? name : $"{name}-{uses}")}", files, s_defaultDate, s_defaultDate, version: 1);
            }
        }
    }

    private static IEnumerable<FakeHubFile> FilesOnDisk(string modelFolder) =>
        Directory.EnumerateFiles(modelFolder, "*", SearchOption.AllDirectories)
            .Where(file => !IsDerived(Path.GetFileName(file)))
            .Select(file => FakeHubFile.FromDisk(Path.GetRelativePath(modelFolder, file).Replace('\\', '/'), file));

    /// <summary>Rows of <c>_files.tsv</c>: path, git_blob_size, status, lfs_size, lfs_sha256.</summary>
    private static IEnumerable<FakeHubFile> FilesTsv(string modelFolder)
    {
        var tsv = Path.Combine(modelFolder, "_files.tsv");
        if (!File.Exists(tsv))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(tsv).Skip(1))
        {
            var columns = line.Split('\t');
            if (columns.Length < 5 || columns[0].Length == 0)
            {
                continue;
            }

            var gitSize = ParseSize(columns[1]);
            yield return columns[2] == "lfs-pointer" && columns[4].Length == 64
                ? FakeHubFile.ListedOnly(columns[0], ParseSize(columns[3]), columns[4])
                : FakeHubFile.ListedOnly(columns[0], gitSize);
        }
    }

    private static DateTimeOffset ProvenanceDate(string modelFolder)
    {
        var provenance = Path.Combine(modelFolder, "_PROVENANCE.json");
        if (!File.Exists(provenance))
        {
            return s_defaultDate;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(provenance));
        return document.RootElement.TryGetProperty("commit_date", out var date)
               && date.ValueKind == JsonValueKind.String
               && DateTimeOffset.TryParse(date.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed.ToUniversalTime()
            : s_defaultDate;
    }

    private static string? SplitOwnerRepo(string folderName)
    {
        var separator = folderName.IndexOf("__", StringComparison.Ordinal);
        return separator > 0 && separator + 2 < folderName.Length
            ? folderName[..separator] + "/" + folderName[(separator + 2)..]
            : null;
    }

    private static bool IsDerived(string fileName) =>
        fileName is "_files.tsv" or "_PROVENANCE.json"
        || fileName.EndsWith(".header.json", StringComparison.Ordinal)
        || fileName.EndsWith(".summary.json", StringComparison.Ordinal);

    private static long? ParseSize(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;

    private static IEnumerable<string> SortedFolders(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal) : [];
}
