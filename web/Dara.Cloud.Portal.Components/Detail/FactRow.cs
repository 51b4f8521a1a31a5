using Dara.Cloud.Analysis.Facts;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>One line of the facts table: what, its value as text, and where it came from when the engine recorded it.</summary>
public sealed record FactRow(string Label, string Value, string? Evidence = null)
{
    /// <summary>The facts worth showing, in reading order; facts the artifacts did not establish are left out.</summary>
    public static IReadOnlyList<FactRow> From(ModelFacts facts, IReadOnlyList<string>? filesRead = null)
    {
        var rows = new List<FactRow>();
        string? Evidence(string key) => facts.Evidence.TryGetValue(key, out var where) ? where : null;
        void Add(string label, string? value, string? evidenceKey = null)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                rows.Add(new FactRow(label, value, evidenceKey is null ? null : Evidence(evidenceKey)));
            }
        }

        static string? Join(IReadOnlyList<string> values, int max = 6) =>
            values.Count == 0 ? null
            : values.Count <= max ? string.Join(", ", values)
            : $"{string.Join(", ", values.Take(max))} and {values.Count - max} more";

        Add("Model type", facts.ModelType is null ? null
            : facts.ComponentModelTypes.Count == 0 ? facts.ModelType
            : $"{facts.ModelType} ({string.Join(", ", facts.ComponentModelTypes)})", "model_type");
        Add("Head", facts.DescribeHead(), "architectures");
        Add("Task", facts.ImpliedTask ?? facts.CardPipelineTag, facts.ImpliedTask is null ? "pipeline_tag" : "architectures");
        Add("Modality", facts.Modality == Modality.Unknown ? null : facts.Modality.ToString().ToLowerInvariant());
        Add("Parameters", ParametersText(facts), "parameters");
        Add("Layers", facts.Blocks?.ToString(System.Globalization.CultureInfo.InvariantCulture), "blocks");
        Add("Hidden size", facts.HiddenSize is { } hidden ? NumberText.Grouped(hidden) : null, "hidden_size");
        Add("Attention heads", facts.Heads?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("Feed-forward size", facts.IntermediateSize is { } ffn ? NumberText.Grouped(ffn) : null);
        Add("Vocabulary", facts.VocabSize is { } vocab ? NumberText.Grouped(vocab) : null);
        Add("Context length", facts.MaxPositions is { } positions ? NumberText.Grouped(positions) : null);
        Add("Experts", facts.Experts?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("Dtype", DTypeText(facts), "dtype");
        Add("Quantization", facts.Quantization, "quantization");
        Add("Formats", Join(facts.Formats));
        Add("Labels", facts.Labels.Count == 0 ? null : $"{facts.Labels.Count}: {Join(facts.Labels, 4)}");
        Add("Languages", Join(facts.CardLanguages), "language");
        Add("Base model", Join(facts.CardBaseModels), "base_model");
        Add("Datasets", Join(facts.CardDatasets));
        Add("License", facts.CardLicense);
        Add("Remote code", facts.RequiresRemoteCode ? "required (not executed)" : null);
        Add("Files read", Join(filesRead ?? FilesFromEvidence(facts), 8));
        return rows;
    }

    /// <summary>
    /// The files the evidence cites ("config.json: model_type" → config.json), for when the caller has no list of files
    /// read. Entries that name no file ("3 safetensors headers") are skipped.
    /// </summary>
    public static IReadOnlyList<string> FilesFromEvidence(ModelFacts facts) =>
        facts.Evidence.Values
            .Select(where => where.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 ? where[..colon] : null)
            .Where(file => file is not null && file.Contains('.', StringComparison.Ordinal) && !file.Contains(' ', StringComparison.Ordinal))
            .Select(file => file!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string? ParametersText(ModelFacts facts)
    {
        if (facts.Parameters is not { } parameters)
        {
            return null;
        }

        var text = $"{NumberText.Count(parameters)} ({NumberText.Grouped(parameters)})";
        if (facts.ParametersEstimated)
        {
            text = "≈ " + text;
        }

        return facts.ParameterSource is null ? text : $"{text}, from {facts.ParameterSource}";
    }

    private static string? DTypeText(ModelFacts facts) =>
        facts.Precision is null ? facts.ConfigDType
        : facts.ConfigDType is null || string.Equals(ShortDType(facts.ConfigDType), facts.Precision, StringComparison.OrdinalIgnoreCase) ? facts.Precision
        : $"{facts.Precision} (config says {facts.ConfigDType})";

    /// <summary>config.json's torch names in the safetensors spelling the precision fact uses (float16 → F16), to tell real disagreements.</summary>
    private static string ShortDType(string configDType) => configDType.ToLowerInvariant() switch
    {
        "half" => "F16",
        "float" => "F32",
        "double" => "F64",
        var name when name.StartsWith("bfloat", StringComparison.Ordinal) => "BF" + name["bfloat".Length..],
        var name when name.StartsWith("float", StringComparison.Ordinal) => "F" + name["float".Length..],
        var name when name.StartsWith("uint", StringComparison.Ordinal) => "U" + name["uint".Length..],
        var name when name.StartsWith("int", StringComparison.Ordinal) => "I" + name["int".Length..],
        var name => name,
    };
}
