using System.Globalization;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.Config;

/// <summary>
/// Reads a Hugging Face <c>config.json</c> (also AutoGPTQ's <c>quantize_config.json</c> and the original LLaMA
/// <c>params.json</c>, which use the same vocabulary) into a <see cref="ModelConfig"/>. Unknown model types read
/// like any other: only the key names matter.
/// </summary>
public static class ConfigJsonReader
{
    /// <summary>Largest config accepted; real ones are a few kB, the biggest (with label maps) well under 1 MB.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    /// <summary>Labels kept from <c>id2label</c>; classifiers with huge label sets (ImageNet-21k) are summarised by count.</summary>
    public const int MaxLabels = 1000;

    /// <summary>Nested configs holding the language model, in the order their values are preferred.</summary>
    internal static readonly string[] TextComponentKeys =
        ["text_config", "llm_config", "language_config", "thinker_config", "text_config_dict", "encoder", "decoder", "vision_config", "vision_config_dict"];

    private static readonly string[] ComponentKeys =
    [
        "text_config", "vision_config", "audio_config", "speech_config", "llm_config", "language_config", "thinker_config",
        "talker_config", "text_config_dict", "vision_config_dict", "encoder", "decoder", "backbone_config", "qformer_config",
        "prompt_encoder_config", "mask_decoder_config",
    ];

    private static readonly string[] RelativePositionKeys =
        ["rope_theta", "rope_scaling", "rope_parameters", "rotary_emb_base", "rotary_pct", "rotary_dim", "alibi", "rotary_emb_fraction", "relative_attention_num_buckets"];

    private static readonly string[] AudioKeys = ["num_mel_bins", "conv_dim", "feat_extract_norm", "audio_config", "speech_config", "num_mel_filters", "sampling_rate"];
    private static readonly string[] VisionKeys = ["image_size", "num_channels", "vision_config", "hidden_sizes", "backbone_config", "backbone", "in_channels", "img_size"];
    private static readonly string[] TextKeys = ["vocab_size", "text_config", "padded_vocab_size", "n_vocab"];

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    // Alias tables: the first key present wins. Sources: formats.md §8.2 and the families' configuration classes.
    private static readonly string[] HiddenSizeKeys = ["hidden_size", "d_model", "n_embd", "n_embed", "dim", "embed_dim", "hidden_sizes"];
    private static readonly string[] LayerKeys = ["num_hidden_layers", "n_layer", "num_layers", "n_layers", "encoder_layers", "depths", "depth"];
    private static readonly string[] HeadKeys = ["num_attention_heads", "n_head", "num_heads", "n_heads", "encoder_attention_heads"];
    private static readonly string[] KeyValueHeadKeys = ["num_key_value_heads", "n_kv_heads", "num_kv_heads", "multi_query_group_num", "n_head_kv"];
    private static readonly string[] IntermediateKeys = ["intermediate_size", "n_inner", "d_ff", "ffn_dim", "encoder_ffn_dim", "ffn_hidden_size"];
    private static readonly string[] VocabKeys = ["vocab_size", "padded_vocab_size", "n_vocab"];
    private static readonly string[] PositionKeys = ["max_position_embeddings", "n_positions", "max_seq_len", "seq_length", "max_sequence_length", "n_ctx", "max_source_positions"];
    private static readonly string[] ImageSizeKeys = ["image_size", "img_size"];
    private static readonly string[] PatchSizeKeys = ["patch_size", "patch_sizes"];
    private static readonly string[] HeadDimKeys = ["head_dim", "d_kv", "kv_channels", "attention_head_dim"];
    private static readonly string[] DecoderLayerKeys = ["decoder_layers", "num_decoder_layers"];
    private static readonly string[] ExpertKeys = ["num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts"];
    private static readonly string[] ExpertsPerTokenKeys = ["num_experts_per_tok", "num_experts_per_token", "moe_top_k"];

    /// <summary>Reads and parses a config file from a source (capped).</summary>
    public static async Task<ModelConfig> ReadAsync(IArtifactSource source, string path, CancellationToken cancellationToken = default)
    {
        var bytes = await source.ReadAllAsync(path, MaxBytes, cancellationToken).ConfigureAwait(false);
        return Parse(path, bytes);
    }

    /// <summary>Parses config JSON bytes; <paramref name="file"/> names the file in errors.</summary>
    public static ModelConfig Parse(string file, ReadOnlySpan<byte> json)
    {
        if (GitLfsPointer.TryParse(json) is { } pointer)
        {
            throw new ArtifactException(file, $"is a Git LFS pointer to a {pointer.Size}-byte file, not the file itself (fetch it with git lfs pull)");
        }

        using var document = ParseDocument(file, json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArtifactException(file, $"must hold a JSON object, found {Describe(document.RootElement.ValueKind)}");
        }

        try
        {
            return Read(file, document.RootElement, depth: 0);
        }
        catch (InvalidOperationException e)
        {
            // Reading a name or string whose escapes are not valid UTF-16 (a lone surrogate such as \ud800).
            throw new ArtifactException(file, $"is not valid JSON text ({e.Message})", e);
        }
    }

    private static JsonDocument ParseDocument(string file, ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            throw new ArtifactException(file, "is empty");
        }

        // Editors on Windows save one; transformers' json.loads refuses it as we do, but "line 1, byte 1" would not say why.
        if (json.StartsWith("\uFEFF"u8))
        {
            throw new ArtifactException(file, "starts with a UTF-8 byte-order mark, which JSON readers (transformers' included) refuse; save it without one");
        }

        // JsonDocument defers UTF-8 validation of strings to when they are read; check the whole file up front.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new ArtifactException(file, "is not valid UTF-8 text");
        }

        try
        {
            // JsonDocument.Parse needs memory; the copy is bounded by MaxBytes.
            return JsonDocument.Parse(json.ToArray(), DocumentOptions);
        }
        catch (JsonException e) when (e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArtifactException(file, "JSON is nested deeper than 64 levels");
        }
        catch (JsonException e)
        {
            throw new ArtifactException(file, $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
    }

    private static ModelConfig Read(string file, JsonElement element, int depth)
    {
        var root = new JsonObjectIndex(element);
        var components = new Dictionary<string, ModelConfig>(StringComparer.Ordinal);
        if (depth < 4)
        {
            foreach (var key in ComponentKeys)
            {
                if (root.TryGetProperty(key, out var nested) && nested.ValueKind == JsonValueKind.Object)
                {
                    components[key] = Read(file, nested, depth + 1);
                }
            }
        }

        var labels = ReadLabels(root);
        var isEncoderDecoder = GetBool(root, "is_encoder_decoder") ?? false;
        return new ModelConfig
        {
            File = file,
            ModelType = GetName(file, root, "model_type"),
            Architectures = ReadArchitectures(file, root),
            DType = GetName(file, root, "dtype") ?? GetName(file, root, "torch_dtype"),
            Quantization = ReadQuantization(root),
            Hyperparameters = ReadHyperparameters(root),
            Components = components,
            RequiresRemoteCode = root.TryGetProperty("auto_map", out var autoMap) && autoMap.ValueKind == JsonValueKind.Object,
            NameOrPath = GetString(root, "_name_or_path"),
            TransformersVersion = GetString(root, "transformers_version"),
            Labels = labels,
            NumLabels = (int?)GetInteger(root, "num_labels") ?? (labels.Count > 0 ? labels.Count : null),
            ProblemType = GetString(root, "problem_type"),
            IsEncoderDecoder = isEncoderDecoder,
            HiddenActivation = GetString(root, "hidden_act") ?? GetString(root, "activation_function") ?? GetString(root, "hidden_activation"),
            TieWordEmbeddings = GetBool(root, "tie_word_embeddings"),
            UsesRelativePositions = RelativePositionKeys.Any(k => root.TryGetProperty(k, out _))
                || GetString(root, "position_embedding_type") is "rotary" or "relative_key" or "relative_key_query",
            Modality = ModalityOf(root, components),
        };
    }

    private static Facts.Modality ModalityOf(JsonObjectIndex root, Dictionary<string, ModelConfig> components)
    {
        bool Has(string[] keys) => keys.Any(k => root.TryGetProperty(k, out _));
        var audio = Has(AudioKeys);
        var vision = Has(VisionKeys);
        var text = Has(TextKeys);
        if ((vision || audio) && (components.ContainsKey("text_config") || components.ContainsKey("llm_config") || components.ContainsKey("text_config_dict")))
        {
            return Facts.Modality.Multimodal;
        }

        return audio ? Facts.Modality.Audio
            : vision && !text ? Facts.Modality.Vision
            : vision ? Facts.Modality.Multimodal
            : text ? Facts.Modality.Text
            : Facts.Modality.Unknown;
    }

    private static List<string> ReadArchitectures(string file, JsonObjectIndex root)
    {
        var result = new List<string>();
        if (root.TryGetProperty("architectures", out var list))
        {
            if (list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } name)
                    {
                        result.Add(Identifiers.Checked(file, "architectures", name)!);
                    }
                }
            }
            else if (list.ValueKind == JsonValueKind.String && list.GetString() is { Length: > 0 } single)
            {
                result.Add(Identifiers.Checked(file, "architectures", single)!);
            }
        }

        // Diffusers components name their class instead.
        if (result.Count == 0 && GetName(file, root, "_class_name") is { } className)
        {
            result.Add(className);
        }

        return result;
    }

    private static Hyperparameters ReadHyperparameters(JsonObjectIndex root)
    {
        var hidden = FirstInteger(root, HiddenSizeKeys, ListRule.Last);
        var layers = FirstInteger(root, LayerKeys, ListRule.Sum);
        var intermediate = FirstInteger(root, IntermediateKeys, ListRule.Last);

        // distilbert calls its FFN width "hidden_dim", and so does LLaMA's params.json: only there is it the FFN.
        if (intermediate is null && root.TryGetProperty("hidden_dim", out _) && (root.TryGetProperty("dim", out _) || GetString(root, "model_type") == "distilbert"))
        {
            intermediate = GetInteger(root, "hidden_dim");
        }

        // gpt2-family: n_inner null means 4 × n_embd.
        if (intermediate is null && hidden is not null && root.TryGetProperty("n_inner", out var inner) && inner.ValueKind == JsonValueKind.Null)
        {
            intermediate = 4 * hidden;
        }

        // MPT states the FFN as a multiple of the width.
        if (intermediate is null && hidden is not null && GetNumber(root, "expansion_ratio") is { } ratio)
        {
            var width = Math.Round(ratio * hidden.Value);
            intermediate = width is > 0 and <= MaxHyperparameter ? (long)width : null;
        }

        return new Hyperparameters(
            HiddenSize: hidden,
            Layers: layers,
            Heads: FirstInteger(root, HeadKeys, ListRule.Last),
            KeyValueHeads: FirstInteger(root, KeyValueHeadKeys, ListRule.Last),
            IntermediateSize: intermediate,
            VocabSize: FirstInteger(root, VocabKeys, ListRule.Last),
            MaxPositions: FirstInteger(root, PositionKeys, ListRule.Last),
            ImageSize: FirstInteger(root, ImageSizeKeys, ListRule.First),
            PatchSize: FirstInteger(root, PatchSizeKeys, ListRule.First),
            HeadDim: FirstInteger(root, HeadDimKeys, ListRule.Last),
            DecoderLayers: FirstInteger(root, DecoderLayerKeys, ListRule.Sum),
            Experts: FirstInteger(root, ExpertKeys, ListRule.Last),
            ExpertsPerToken: FirstInteger(root, ExpertsPerTokenKeys, ListRule.Last));
    }

    private static QuantizationConfig? ReadQuantization(JsonObjectIndex root)
    {
        if (root.TryGetProperty("quantization_config", out var nested) && nested.ValueKind == JsonValueKind.Object)
        {
            return QuantizationConfig.FromConfigJson(root.Element);
        }

        // AutoGPTQ's quantize_config.json keeps the fields at the top level.
        if (root.TryGetProperty("bits", out _) && root.TryGetProperty("group_size", out _))
        {
            return new QuantizationConfig { QuantMethod = GetString(root, "quant_method") ?? "gptq", Bits = (int?)GetInteger(root, "bits") };
        }

        return null;
    }

    private static List<string> ReadLabels(JsonObjectIndex root)
    {
        var labels = new List<(long Id, string Label)>();
        if (root.TryGetProperty("id2label", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (labels.Count >= MaxLabels)
                {
                    break;
                }

                if (long.TryParse(entry.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && entry.Value.ValueKind == JsonValueKind.String)
                {
                    labels.Add((id, entry.Value.GetString()!));
                }
            }
        }

        return labels.OrderBy(l => l.Id).Select(l => l.Label).ToList();
    }

    private enum ListRule
    {
        First,
        Last,
        Sum,
    }

    private static long? FirstInteger(JsonObjectIndex obj, string[] keys, ListRule listRule)
    {
        foreach (var key in keys)
        {
            if (!obj.TryGetProperty(key, out var value))
            {
                continue;
            }

            var result = value.ValueKind == JsonValueKind.Array ? FromList(value, listRule) : AsInteger(value);
            if (result is not null)
            {
                return result;
            }
        }

        return null;
    }

    private static long? FromList(JsonElement array, ListRule rule)
    {
        long? first = null, last = null, sum = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (AsInteger(item) is not { } n)
            {
                return null;
            }

            first ??= n;
            last = n;
            sum = sum is null || n > MaxHyperparameter - sum ? null : sum + n;
        }

        return rule switch
        {
            ListRule.First => first,
            ListRule.Last => last,
            _ => first is null ? null : sum,
        };
    }

    // No width, depth, vocabulary or context length comes near 2^31; a larger value is junk, not a fact to check names against.
    private const long MaxHyperparameter = int.MaxValue;

    private static long? AsInteger(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) && n is >= 0 and <= MaxHyperparameter => n,
        JsonValueKind.Number when value.TryGetDouble(out var d) && d is >= 0 and <= MaxHyperparameter && Math.Abs(d - Math.Round(d)) < 1e-9 => (long)Math.Round(d),
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= MaxHyperparameter => s,
        _ => null,
    };

    private static long? GetInteger(JsonObjectIndex obj, string key) =>
        obj.TryGetProperty(key, out var value) ? AsInteger(value) : null;

    private static double? GetNumber(JsonObjectIndex obj, string key) =>
        obj.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) ? d : null;

    private static string? GetString(JsonObjectIndex obj, string key) =>
        obj.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? GetName(string file, JsonObjectIndex obj, string key) => Identifiers.Checked(file, key, GetString(obj, key));

    private static bool? GetBool(JsonObjectIndex obj, string key) =>
        obj.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "a boolean",
    };
}
