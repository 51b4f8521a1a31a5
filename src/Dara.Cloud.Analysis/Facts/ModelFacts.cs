namespace Dara.Cloud.Analysis.Facts;

/// <summary>
/// What a model's artifacts establish about it, each fact with where it came from. These are what a name is checked against.
/// </summary>
public sealed record ModelFacts
{
    public string? ModelType { get; init; }

    public IReadOnlyList<string> Architectures { get; init; } = [];

    /// <summary>
    /// Every model type the evidence for <see cref="ModelType"/> allows when it is read from tensor names: the classes that
    /// write that prefix (<c>roberta.</c> is written by RoBERTa, XLM-RoBERTa and CamemBERT alike). Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> ModelTypeAlternatives { get; init; } = [];

    /// <summary>Model types of nested configs (an encoder-decoder's vit and gpt2, a VLM's text and vision towers).</summary>
    public IReadOnlyList<string> ComponentModelTypes { get; init; } = [];

    /// <summary>The head class (<c>architectures[0]</c>).</summary>
    public string? HeadClass { get; init; }

    /// <summary>
    /// Without a config, the head module whose tensors imply <see cref="ImpliedTask"/> (<c>qa_outputs</c>,
    /// <c>classifier.out_proj</c>; <see cref="WeightHead"/>).
    /// </summary>
    public string? HeadModule { get; init; }

    /// <summary>The head as pages show it: its class, or the module its tensors belong to with the task they serve.</summary>
    public string? DescribeHead() => HeadClass ?? (HeadModule is { } module ? $"{module} ({ImpliedTask})" : null);

    /// <summary>Hub pipeline task implied by the head class (or, without a config, by the head's tensors).</summary>
    public string? ImpliedTask { get; init; }

    public Modality Modality { get; init; }

    /// <summary>Total parameters (packed quantized weights unpacked, scales excluded).</summary>
    public long? Parameters { get; init; }

    /// <summary>How <see cref="Parameters"/> was obtained: safetensors, gguf, onnx, weight-map, file-sizes, config.</summary>
    public string? ParameterSource { get; init; }

    /// <summary>True when the count is an estimate (from sizes or hyperparameters) rather than counted from tensor shapes.</summary>
    public bool ParametersEstimated { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("parameters_by_dtype")]
    public IReadOnlyDictionary<string, long> ParametersByDType { get; init; } = new Dictionary<string, long>();

    /// <summary>Bytes of weight files (from headers, listing sizes, LFS pointers or the index's total_size).</summary>
    public long? WeightBytes { get; init; }

    /// <summary>The dtype holding most parameters (F32, F16, BF16, I8, Q4_K…), else the config's dtype.</summary>
    public string? Precision { get; init; }

    /// <summary><c>dtype</c>/<c>torch_dtype</c> from config.json.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("config_dtype")]
    public string? ConfigDType { get; init; }

    /// <summary>Quantization: gptq-4bit, awq-4bit, bitsandbytes-4bit, fp8, Q4_K_M (GGUF file type), int8 (ONNX)…</summary>
    public string? Quantization { get; init; }

    /// <summary>Weight formats present: safetensors, pickle, gguf, onnx, tensorflow, flax…</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>Repeated blocks (transformer layers) from the config or counted in weight names.</summary>
    public long? Blocks { get; init; }

    public long? HiddenSize { get; init; }

    public long? Heads { get; init; }

    public long? IntermediateSize { get; init; }

    public long? VocabSize { get; init; }

    public long? MaxPositions { get; init; }

    public long? Experts { get; init; }

    /// <summary>Labels of a classification head (from id2label).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    public bool RequiresRemoteCode { get; init; }

    /// <summary>config.json's <c>_name_or_path</c>: where the config was saved from (often the upstream Hub id).</summary>
    public string? ConfigNameOrPath { get; init; }

    public bool IsSentenceTransformer { get; init; }

    // From the model card.
    public string? CardPipelineTag { get; init; }

    public IReadOnlyList<string> CardLanguages { get; init; } = [];

    public IReadOnlyList<string> CardBaseModels { get; init; } = [];

    public IReadOnlyList<string> CardDatasets { get; init; } = [];

    public string? CardLicense { get; init; }

    /// <summary>Model names the card's <c>model-index</c> reports results for.</summary>
    public IReadOnlyList<string> CardModelIndexNames { get; init; } = [];

    public string? CardTitle { get; init; }

    /// <summary>GGUF <c>general.architecture</c>, <c>general.name</c>, <c>general.size_label</c> where present.</summary>
    public string? GgufArchitecture { get; init; }

    public string? GgufName { get; init; }

    public string? GgufSizeLabel { get; init; }

    /// <summary>ONNX operator types used, with counts (subgraphs included).</summary>
    public IReadOnlyDictionary<string, int> OnnxOperators { get; init; } = new Dictionary<string, int>();

    /// <summary>Where each fact came from: fact name → "file: field" (the evidence findings cite).</summary>
    public IReadOnlyDictionary<string, string> Evidence { get; init; } = new Dictionary<string, string>();
}
