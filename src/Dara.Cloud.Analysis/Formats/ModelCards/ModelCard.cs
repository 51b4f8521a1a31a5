namespace Dara.Cloud.Analysis.Formats.ModelCards;

/// <summary>The metadata of a model card (<c>README.md</c> YAML front matter) and its title.</summary>
public sealed record ModelCard
{
    public required string File { get; init; }

    /// <summary>True when the README starts with a YAML block.</summary>
    public bool HasFrontMatter { get; init; }

    /// <summary><c>base_model</c> ids (a list means a merge).</summary>
    public IReadOnlyList<string> BaseModels { get; init; } = [];

    /// <summary><c>base_model_relation</c>: adapter, merge, quantized, finetune.</summary>
    public string? BaseModelRelation { get; init; }

    public IReadOnlyList<string> Datasets { get; init; } = [];

    /// <summary><c>language</c> codes as written (ISO 639-1/2/3, "multilingual", "code").</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    public string? License { get; init; }

    public string? PipelineTag { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? LibraryName { get; init; }

    public IReadOnlyList<ModelIndexEntry> ModelIndex { get; init; } = [];

    /// <summary>The first Markdown heading after the front matter ("BERT base model (uncased)").</summary>
    public string? Title { get; init; }
}

/// <summary>One <c>model-index</c> entry: the model name it reports results for, and those results.</summary>
public sealed record ModelIndexEntry(string? Name, IReadOnlyList<ModelIndexResult> Results);

/// <summary>One evaluation result: task type, dataset and its metrics' types.</summary>
public sealed record ModelIndexResult(string? TaskType, string? DatasetType, string? DatasetName, IReadOnlyList<string> Metrics);
