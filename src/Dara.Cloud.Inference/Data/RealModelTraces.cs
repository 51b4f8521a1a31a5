using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Data;

/// <summary>
/// The second training source: fingerprints the engine extracts from the real model folders under
/// <c>hf_configs/</c> (weight maps, safetensors headers, ONNX graphs), labelled by their own config.json
/// (<c>model_type</c>, <c>architectures[0]</c>) and the task the head class implies. Folders with a config alone
/// have no structure to learn from and are skipped, as are ONNX files without a config (no labels).
/// </summary>
public static class RealModelTraces
{
    private static readonly string[] StructureSuffixes = [".index.json", ".safetensors", ".onnx", ".gguf"];

    /// <summary>Every labelled real model with structure, in folder order (deterministic).</summary>
    public static async Task<IReadOnlyList<LabelledTrace>> LoadAsync(string realDataRoot, CancellationToken cancellationToken = default)
    {
        var configs = Path.Combine(realDataRoot, "hf_configs");
        if (!Directory.Exists(configs))
        {
            throw new ArtifactException(configs, "does not exist (expected the real model folders)");
        }

        var inspector = new ModelInspector();
        var examples = new List<LabelledTrace>();
        foreach (var folder in ModelFolders(configs))
        {
            await using var source = new LocalFolderSource(folder);
            var report = ModelReport.From(await inspector.InspectAsync(source, cancellationToken).ConfigureAwait(false));
            var facts = report.Facts;
            if (LayerTrace.FromReport(report) is not { } trace || facts.ModelType is null || facts.HeadClass is null)
            {
                continue;
            }

            var id = Path.GetRelativePath(configs, folder).Replace('\\', '/');
            examples.Add(new LabelledTrace(id, trace, facts.ModelType, facts.HeadClass, facts.ImpliedTask ?? facts.CardPipelineTag ?? "unknown", TraceSource.RealModel));
        }

        return examples;
    }

    /// <summary>Folders (up to three levels deep) holding a config.json next to weights or a weight map.</summary>
    private static IEnumerable<string> ModelFolders(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(root, "config.json", options)
            .Select(Path.GetDirectoryName)
            .OfType<string>()
            .Where(folder => Directory.EnumerateFiles(folder).Any(f => StructureSuffixes.Any(s => f.EndsWith(s, StringComparison.OrdinalIgnoreCase))))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }
}
