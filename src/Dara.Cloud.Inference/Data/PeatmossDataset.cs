using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Data;

/// <summary>
/// The PTM-Naming artifact's PeaTMOSS rows (<c>ptm_naming/peatmoss_balanced_test_dataset.json</c>): repo_name,
/// model_type, arch, task and layers, a torch trace's layer sequence. repo_name is kept as the example's id and
/// never used as a feature: it usually spells the answer (<c>…/bert-base-uncased</c>).
/// </summary>
public static class PeatmossDataset
{
    /// <summary>The file's path under the real-data root.</summary>
    public const string RelativePath = "ptm_naming/peatmoss_balanced_test_dataset.json";

    /// <summary>Loads every row; any row without labels or with a bad trace fails the load, naming the row.</summary>
    /// <exception cref="ArtifactException">The file is missing, not JSON, or has a bad row.</exception>
    public static IReadOnlyList<LabelledTrace> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArtifactException(path, "does not exist (expected the PeaTMOSS rows of the PTM-Naming artifact)");
        }

        var rows = new List<LabelledTrace>();
        foreach (var result in TraceRowReader.Read(path))
        {
            if (result.Value is not { } row)
            {
                throw new ArtifactException(path, $"row {result.Row} {result.Problem}");
            }

            if (string.IsNullOrWhiteSpace(row.ModelType) || string.IsNullOrWhiteSpace(row.Arch) || string.IsNullOrWhiteSpace(row.Task))
            {
                throw new ArtifactException(path, $"row {row.Row} lacks one of model_type, arch, task");
            }

            LayerTrace trace;
            try
            {
                trace = LayerTrace.FromText(row.Layers);
            }
            catch (ClassifierInputException e)
            {
                throw new ArtifactException(path, $"row {row.Row}: {e.Message}", e);
            }

            rows.Add(new LabelledTrace(row.RepoName ?? $"row-{row.Row}", trace, row.ModelType, row.Arch, row.Task, TraceSource.Peatmoss));
        }

        return rows;
    }

    /// <summary>Loads the rows from the real-data root (<c>DARA_REAL_DATA</c>).</summary>
    public static IReadOnlyList<LabelledTrace> LoadFromRoot(string realDataRoot) =>
        Load(Path.Combine(realDataRoot, RelativePath));
}
