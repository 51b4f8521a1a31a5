namespace Dara.Cloud.Analysis.Formats.Config;

/// <summary>
/// What a Hugging Face <c>config.json</c> says about a model, normalised across families: the same hyperparameter
/// has a single name here whatever the family calls it (<c>n_embd</c>, <c>d_model</c>, <c>dim</c>… → <see cref="Hyperparameters.HiddenSize"/>).
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Path of the file inside the model (for evidence).</summary>
    public required string File { get; init; }

    /// <summary><c>model_type</c> as written (case and separators kept); null for diffusers components.</summary>
    public string? ModelType { get; init; }

    /// <summary><c>architectures</c> (diffusers: <c>_class_name</c>).</summary>
    public IReadOnlyList<string> Architectures { get; init; } = [];

    /// <summary><c>dtype</c> (transformers v5) or <c>torch_dtype</c>: "float32", "float16", "bfloat16"…</summary>
    public string? DType { get; init; }

    public QuantizationConfig? Quantization { get; init; }

    /// <summary>Hyperparameters read from this level only.</summary>
    public Hyperparameters Hyperparameters { get; init; } = Hyperparameters.Empty;

    /// <summary>Nested sub-configs (<c>text_config</c>, <c>vision_config</c>, <c>encoder</c>, <c>decoder</c>…) by key.</summary>
    public IReadOnlyDictionary<string, ModelConfig> Components { get; init; } = new Dictionary<string, ModelConfig>();

    /// <summary>True when <c>auto_map</c> is present: loading needs the repository's own Python code.</summary>
    public bool RequiresRemoteCode { get; init; }

    /// <summary><c>_name_or_path</c>, where the config was saved from.</summary>
    public string? NameOrPath { get; init; }

    public string? TransformersVersion { get; init; }

    /// <summary>Class labels from <c>id2label</c>, ordered by id (at most <see cref="ConfigJsonReader.MaxLabels"/>).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary><c>num_labels</c> or the number of <c>id2label</c> entries.</summary>
    public int? NumLabels { get; init; }

    /// <summary><c>problem_type</c>: regression, single_label_classification, multi_label_classification.</summary>
    public string? ProblemType { get; init; }

    public bool IsEncoderDecoder { get; init; }

    /// <summary><c>hidden_act</c> (or <c>activation_function</c>): silu marks a gated (SwiGLU) feed-forward.</summary>
    public string? HiddenActivation { get; init; }

    /// <summary><c>tie_word_embeddings</c> when stated.</summary>
    public bool? TieWordEmbeddings { get; init; }

    /// <summary>True when positions are rotary or ALiBi (no learned position table to count).</summary>
    public bool UsesRelativePositions { get; init; }

    /// <summary>What the config's keys say about the input: vision keys, audio keys, or both text and vision sub-configs.</summary>
    public Facts.Modality Modality { get; init; }

    /// <summary>
    /// Hyperparameters of the model's main stack: this level's, with gaps filled from the language model's sub-config
    /// (<c>text_config</c>…), then the <c>encoder</c>, the <c>decoder</c>, and last the <c>vision_config</c>
    /// (composite models keep them in sub-configs; names follow the encoder of an encoder-decoder pair).
    /// </summary>
    public Hyperparameters EffectiveHyperparameters
    {
        get
        {
            var result = Hyperparameters;
            foreach (var key in ConfigJsonReader.TextComponentKeys)
            {
                if (Components.TryGetValue(key, out var component))
                {
                    result = result.FillFrom(component.EffectiveHyperparameters);
                }
            }

            return result;
        }
    }

    /// <summary>The quantization config of this level or of a text sub-config.</summary>
    public QuantizationConfig? EffectiveQuantization =>
        Quantization ?? ConfigJsonReader.TextComponentKeys
            .Select(k => Components.TryGetValue(k, out var c) ? c.EffectiveQuantization : null)
            .FirstOrDefault(q => q is not null);
}

/// <summary>Hyperparameters under one name whatever the family calls them; null when the config does not say.</summary>
public sealed record Hyperparameters(
    long? HiddenSize = null,
    long? Layers = null,
    long? Heads = null,
    long? KeyValueHeads = null,
    long? IntermediateSize = null,
    long? VocabSize = null,
    long? MaxPositions = null,
    long? ImageSize = null,
    long? PatchSize = null,
    long? HeadDim = null,
    long? DecoderLayers = null,
    long? Experts = null,
    long? ExpertsPerToken = null)
{
    public static Hyperparameters Empty { get; } = new();

    /// <summary>This record with every null filled from <paramref name="other"/>.</summary>
    public Hyperparameters FillFrom(Hyperparameters other) => new(
        HiddenSize ?? other.HiddenSize,
        Layers ?? other.Layers,
        Heads ?? other.Heads,
        KeyValueHeads ?? other.KeyValueHeads,
        IntermediateSize ?? other.IntermediateSize,
        VocabSize ?? other.VocabSize,
        MaxPositions ?? other.MaxPositions,
        ImageSize ?? other.ImageSize,
        PatchSize ?? other.PatchSize,
        HeadDim ?? other.HeadDim,
        DecoderLayers ?? other.DecoderLayers,
        Experts ?? other.Experts,
        ExpertsPerToken ?? other.ExpertsPerToken);
}
