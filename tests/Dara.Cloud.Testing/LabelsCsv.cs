using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.Configuration.Attributes;

namespace Dara.Cloud.Testing;

/// <summary>One row of the real data's <c>labels.csv</c>: a model config with its recorded name conflict, if any.</summary>
public sealed class LabelRow
{
    [Name("hf_repo_id")] public string HfRepoId { get; set; } = "";
    [Name("model_type")] public string ModelType { get; set; } = "";
    [Name("architectures")] public string Architectures { get; set; } = "";
    [Name("name_conflict")] public string NameConflict { get; set; } = "";
    [Name("conflict_type")] public string ConflictType { get; set; } = "";
    [Name("github_repo")] public string GithubRepo { get; set; } = "";
    [Name("item_folder")] public string ItemFolder { get; set; } = "";
    [Name("config_path")] public string ConfigPath { get; set; } = "";
    [Name("hidden_size")] public string HiddenSize { get; set; } = "";
    [Name("num_layers")] public string NumLayers { get; set; } = "";
    [Name("index_total_size")] public string IndexTotalSize { get; set; } = "";
    [Name("lfs_weight_format")] public string LfsWeightFormat { get; set; } = "";
    [Name("lfs_weight_bytes")] public string LfsWeightBytes { get; set; } = "";

    /// <summary>The folder holding this row's config.json.</summary>
    public string ModelFolder => Path.GetDirectoryName(Path.Combine(RealData.HfConfigs, ItemFolder, ConfigPath))!;
}

/// <summary>Reads <c>labels.csv</c> with CsvHelper (fields are quoted and hold commas).</summary>
public static class LabelsCsv
{
    public static IReadOnlyList<LabelRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { MissingFieldFound = null, HeaderValidated = null });
        return csv.GetRecords<LabelRow>().ToList();
    }
}
