using System.Globalization;
using System.Text.RegularExpressions;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Config;
using Dara.Cloud.Analysis.Inspection;

namespace Dara.Cloud.Analysis.Facts;

/// <summary>Derives <see cref="ModelFacts"/> from what was read, keeping the file and field behind each fact.</summary>
public static partial class FactsBuilder
{
    private static readonly (string Extension, string Format)[] WeightExtensions =
    [
        (".safetensors", "safetensors"), (".gguf", "gguf"), (".onnx", "onnx"), (".bin", "pickle"), (".pt", "pickle"),
        (".pth", "pickle"), (".pkl", "pickle"), (".ckpt", "pickle"), (".h5", "tensorflow"), (".tflite", "tflite"),
        (".msgpack", "flax"), (".mlmodel", "coreml"), (".npz", "numpy"), (".ot", "rust-bert"), (".pte", "executorch"),
    ];

    /// <summary>
    /// The weight format a file's name says (safetensors, gguf, pickle…), or null when it names none (training_args.bin
    /// is the Trainer's pickled arguments, not weights).
    /// </summary>
    public static string? WeightFormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith("training_args.bin", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var (extension, format) in WeightExtensions)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        return null;
    }

    public static ModelFacts Build(ModelArtifacts artifacts)
    {
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal);
        var config = artifacts.Config;
        var hp = config?.EffectiveHyperparameters ?? Hyperparameters.Empty;
        var gguf = artifacts.Gguf.Count > 0 ? artifacts.Gguf[0] : null;

        if (config is not null)
        {
            Note(evidence, "model_type", config.ModelType, $"{config.File}: model_type");
            Note(evidence, "architectures", config.Architectures.Count > 0 ? "x" : null, $"{config.File}: architectures");
        }

        var modelType = config?.ModelType ?? gguf?.Architecture;
        if (config?.ModelType is null && gguf?.Architecture is not null)
        {
            evidence["model_type"] = $"{gguf.File}: general.architecture";
        }

        // Without a config or GGUF header, the tensor names are the evidence left: a head model's tensors carry its
        // backbone's prefix (roberta.encoder…), and the names count the blocks.
        var fromNames = modelType is null || (hp.Layers is null && gguf is null) ? WeightNameFacts.From(artifacts) : null;
        var modelTypeAlternatives = (IReadOnlyList<string>)[];
        if (modelType is null && fromNames is { Prefix: { } prefix, PrefixModelTypes: [var first, ..] types })
        {
            modelType = first;
            modelTypeAlternatives = types;
            evidence["model_type"] = $"{fromNames.File}: tensor names ({prefix}.…)";
        }

        var headClass = config?.Architectures.FirstOrDefault();
        var modality = ModalityOf(artifacts, headClass);
        var headFromNames = config is null ? fromNames?.Head : null;
        if (config is null && modality == Modality.Unknown && fromNames is not null)
        {
            modality = fromNames.Modality;
        }

        if (headFromNames is not null)
        {
            evidence["architectures"] = $"{fromNames!.File}: tensor names ({headFromNames.Module}.…)";
        }

        var (parameters, byDType, parameterSource, estimated) = CountParameters(artifacts, evidence);
        var weightBytes = WeightBytes(artifacts);
        var precision = byDType.Count > 0 ? byDType.MaxBy(p => p.Value).Key : NormaliseTorchDType(config?.DType);

        var ggufMeta = gguf?.Metadata;
        // A hyperparameter is a positive count below 2^31; anything else in a header (an INT64 of -5) is no fact.
        long? GgufInt(string suffix) => gguf?.Architecture is { } arch && ggufMeta!.TryGetValue($"{arch}.{suffix}", out var v)
            && ToLong(v) is { } n and > 0 and <= int.MaxValue ? n : null;

        var blocks = hp.Layers ?? GgufInt("block_count");
        Note(evidence, "blocks", blocks, config?.EffectiveHyperparameters.Layers is not null ? $"{config.File}: num_hidden_layers" : gguf is not null ? $"{gguf.File}: {gguf.Architecture}.block_count" : null);
        if (blocks is null && fromNames?.Blocks is { } counted)
        {
            blocks = counted;
            evidence["blocks"] = $"{fromNames.File}: tensor names (block indices)";
        }

        var hidden = hp.HiddenSize ?? GgufInt("embedding_length");
        Note(evidence, "hidden_size", hidden, hp.HiddenSize is not null ? $"{config!.File}: hidden_size" : gguf is not null ? $"{gguf.File}: {gguf.Architecture}.embedding_length" : null);
        if (hidden is null && config is null && fromNames?.HiddenSize is { } width)
        {
            hidden = width;
            evidence["hidden_size"] = $"{fromNames.File}: token embedding shape";
        }

        if (config is not null)
        {
            Note(evidence, "dtype", config.DType, $"{config.File}: torch_dtype");
        }

        var card = artifacts.Card;
        if (card is not null)
        {
            Note(evidence, "pipeline_tag", card.PipelineTag, $"{card.File}: pipeline_tag");
            Note(evidence, "language", card.Languages.Count > 0 ? "x" : null, $"{card.File}: language");
            Note(evidence, "base_model", card.BaseModels.Count > 0 ? "x" : null, $"{card.File}: base_model");
        }

        var quantization = QuantizationOf(artifacts, byDType, evidence);
        var impliedTask = artifacts.IsSentenceTransformer && HeadClassTasks.IsBackbone(headClass)
            ? "sentence-similarity"
            : HeadClassTasks.TaskFor(headClass, modality, modelType) ?? headFromNames?.Task;

        return new ModelFacts
        {
            ModelType = modelType,
            Architectures = config?.Architectures ?? [],
            ModelTypeAlternatives = modelTypeAlternatives,
            ComponentModelTypes = config?.Components.Values.Select(c => c.ModelType).OfType<string>().Distinct(StringComparer.Ordinal).ToList() ?? [],
            HeadClass = headClass,
            HeadModule = headFromNames?.Module,
            ImpliedTask = impliedTask,
            Modality = modality,
            Parameters = parameters,
            ParameterSource = parameterSource,
            ParametersEstimated = estimated,
            ParametersByDType = byDType,
            WeightBytes = weightBytes,
            Precision = precision,
            ConfigDType = config?.DType,
            Quantization = quantization,
            Formats = FormatsOf(artifacts),
            Blocks = blocks,
            HiddenSize = hidden,
            Heads = hp.Heads ?? GgufInt("attention.head_count"),
            IntermediateSize = hp.IntermediateSize ?? GgufInt("feed_forward_length"),
            VocabSize = hp.VocabSize ?? (config is null ? fromNames?.VocabSize : null),
            MaxPositions = hp.MaxPositions ?? GgufInt("context_length"),
            Experts = hp.Experts ?? GgufInt("expert_count"),
            Labels = config?.Labels ?? [],
            RequiresRemoteCode = config?.RequiresRemoteCode ?? false,
            ConfigNameOrPath = config?.NameOrPath,
            IsSentenceTransformer = artifacts.IsSentenceTransformer,
            CardPipelineTag = card?.PipelineTag,
            CardLanguages = card?.Languages ?? [],
            CardBaseModels = card?.BaseModels ?? [],
            CardDatasets = card?.Datasets ?? [],
            CardLicense = card?.License,
            CardModelIndexNames = card?.ModelIndex.Select(m => m.Name).OfType<string>().Distinct(StringComparer.Ordinal).ToList() ?? [],
            CardTitle = card?.Title,
            GgufArchitecture = gguf?.Architecture,
            GgufName = gguf?.Name,
            GgufSizeLabel = gguf?.SizeLabel,
            OnnxOperators = artifacts.Onnx.SelectMany(g => g.Nodes).GroupBy(n => n.OpType, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Evidence = evidence,
        };
    }

    private static (long? Total, IReadOnlyDictionary<string, long> ByDType, string? Source, bool Estimated) CountParameters(
        ModelArtifacts artifacts, Dictionary<string, string> evidence)
    {
        var quantization = artifacts.Config?.EffectiveQuantization;
        var expectedShards = Math.Max(
            artifacts.WeightMaps.Where(m => m.Format == "safetensors").SelectMany(m => m.Shards).Distinct(StringComparer.Ordinal).Count(),
            Math.Max(artifacts.Safetensors.Select(h => ShardCount(h.File)).DefaultIfEmpty(0).Max(), NumberedShardsExpected(artifacts.Safetensors.Select(h => h.File))));
        if (artifacts.Safetensors.Count > 0 && (expectedShards == 0 || artifacts.Safetensors.Count >= expectedShards))
        {
            var counts = ParameterCounter.Count(artifacts.Safetensors, quantization);
            evidence["parameters"] = artifacts.Safetensors.Count == 1 ? $"{artifacts.Safetensors[0].File}: header" : $"{artifacts.Safetensors.Count} safetensors headers";
            return (counts.Total, counts.ByDType, "safetensors", false);
        }

        var fromOthers = CountWithoutSafetensors(artifacts, quantization, evidence);
        if (artifacts.Safetensors.Count > 0 && fromOthers.ByDType.Count == 0)
        {
            // Some of the shards (model-00001-of-00004 alone) hold too few parameters to count the model, but their dtypes
            // are the model's.
            return fromOthers with { ByDType = ParameterCounter.Count(artifacts.Safetensors, quantization).ByDType };
        }

        return fromOthers;
    }

    /// <summary>How many shards a file's name says its model has (model-00001-of-00004.safetensors: 4), or 0.</summary>
    internal static int ShardCount(string file)
    {
        var match = ShardName().Match(Path.GetFileName(file));
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var shards) ? shards : 0;
    }

    [GeneratedRegex(@"-\d{1,6}-of-(\d{1,6})\.safetensors$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex ShardName();

    /// <summary>
    /// How many files numbered shards (<c>model-00005-….safetensors</c>, <c>model-00005.safetensors</c>) say their model
    /// has when their numbers have holes: the highest number. Some repositories keep one tensor per numbered file, and a
    /// folder holding a few of them (00001, 00005, 00010) is part of a model, not a model of 25 thousand parameters.
    /// 0 when no numbers are missing.
    /// </summary>
    internal static int NumberedShardsExpected(IEnumerable<string> files)
    {
        var expected = 0;
        foreach (var stem in files.Select(f => NumberedShardName().Match(Path.GetFileName(f))).Where(m => m.Success)
                     .GroupBy(m => m.Groups[1].Value, StringComparer.OrdinalIgnoreCase))
        {
            var numbers = stem.Select(m => int.Parse(m.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture)).ToHashSet();
            var highest = numbers.Max();
            var lowest = numbers.Min();
            if (numbers.Count < highest - Math.Min(lowest, 1) + 1)
            {
                expected = Math.Max(expected, highest);
            }
        }

        return expected;
    }

    [GeneratedRegex(@"^(.+?)-(\d{5})(?:-.*)?\.safetensors$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex NumberedShardName();

    private static (long? Total, IReadOnlyDictionary<string, long> ByDType, string? Source, bool Estimated) CountWithoutSafetensors(
        ModelArtifacts artifacts, QuantizationConfig? quantization, Dictionary<string, string> evidence)
    {

        if (artifacts.Gguf.Count > 0)
        {
            var byType = Group(artifacts.Gguf[0].Tensors.Select(t => (t.GgmlType, t.ToSpec().ElementCount)));
            evidence["parameters"] = $"{artifacts.Gguf[0].File}: tensor infos";
            return (byType.Values.Sum(), byType, "gguf", false);
        }

        if (artifacts.Onnx.Count > 0 && artifacts.Onnx.Any(g => OnnxWeights(g).Any()))
        {
            var largest = artifacts.Onnx.MaxBy(g => OnnxWeights(g).Sum(i => i.ElementCount))!;
            var byType = Group(OnnxWeights(largest).Select(i => (i.DType, i.ElementCount)));
            evidence["parameters"] = largest.Initializers.Count > 0 ? $"{largest.File}: initializers" : $"{largest.File}: constant tensors";
            return (byType.Values.Sum(), byType, "onnx", false);
        }

        var bytesPerParameter = BytesPer(artifacts.Config?.DType, quantization);
        if (artifacts.WeightMaps.FirstOrDefault(m => m.TotalParameters is > 0) is { } withCount)
        {
            evidence["parameters"] = $"{withCount.File}: metadata.total_parameters";
            return (withCount.TotalParameters, new Dictionary<string, long>(), "weight-map", false);
        }

        if (artifacts.WeightMaps.FirstOrDefault(m => m.TotalSize is > 0) is { } withSize && bytesPerParameter is { } bpp)
        {
            evidence["parameters"] = $"{withSize.File}: metadata.total_size ÷ {bpp} bytes ({artifacts.Config?.DType ?? "dtype"})";
            return ((long)(withSize.TotalSize!.Value / bpp), new Dictionary<string, long>(), "weight-map", true);
        }

        var configEstimate = artifacts.Config is { } configured ? ConfigParameterEstimate.Estimate(configured) : null;
        if (artifacts.WeightMaps.FirstOrDefault(m => m.TotalSize is > 0) is { } sized && configEstimate is { } rough)
        {
            // No dtype stated (Qwen v1 writes bf16/fp16/fp32 flags, all false): the byte count measured by the weight
            // map, divided by the width that brings it nearest the config's estimate, beats the estimate alone.
            var width = new[] { 4.0, 2.0, 1.0, 0.5 }.MinBy(bytes => Math.Abs(Math.Log(sized.TotalSize!.Value / bytes / rough)))!;
            evidence["parameters"] = $"{sized.File}: metadata.total_size ÷ {width} bytes (the width nearest the config's estimate)";
            return ((long)(sized.TotalSize!.Value / width), new Dictionary<string, long>(), "weight-map", true);
        }

        if (artifacts.Config is { } config && configEstimate is { } estimate)
        {
            evidence["parameters"] = $"{config.File}: computed from hidden size, layers, heads, feed-forward and vocabulary";
            return (estimate, new Dictionary<string, long>(), "config", true);
        }

        return (null, new Dictionary<string, long>(), null, false);
    }

    /// <summary>
    /// An ONNX graph's weights: its initializers, or — for exporters that fold every weight into Constant nodes (Silero
    /// VAD keeps all 300+ of them there) — constants holding more than a scalar or a small shape vector.
    /// </summary>
    private static IEnumerable<TensorSpec> OnnxWeights(Formats.Onnx.OnnxGraph graph) =>
        graph.Initializers.Count > 0
            ? graph.Initializers
            : graph.Tensors.Where(t => t.Kind == Formats.Onnx.OnnxTensorKind.Constant && t.Spec.Shape.Count >= 2).Select(t => t.Spec);

    private static IReadOnlyDictionary<string, long> Group(IEnumerable<(string DType, long Count)> items) =>
        items.GroupBy(i => i.DType, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(i => i.Count), StringComparer.Ordinal);

    private static double? BytesPer(string? dtype, QuantizationConfig? quantization)
    {
        if (quantization?.EffectiveBits is { } bits and > 0)
        {
            return bits / 8.0;
        }

        return NormaliseTorchDType(dtype) switch
        {
            "F32" => 4,
            "F16" or "BF16" => 2,
            "F8_E4M3" or "I8" or "U8" => 1,
            "F64" => 8,
            _ => null,
        };
    }

    private static long? WeightBytes(ModelArtifacts artifacts)
    {
        long total = 0;
        var any = false;
        var sizes = artifacts.Files.ToDictionary(f => f.Path, f => f.Size, StringComparer.Ordinal);
        foreach (var file in artifacts.Files)
        {
            if (!IsWeightFile(file.Path))
            {
                continue;
            }

            long? size = artifacts.LfsPointers.TryGetValue(file.Path, out var pointer) ? pointer.Size
                : artifacts.Safetensors.FirstOrDefault(h => h.File == file.Path)?.FileLength ?? file.Size;
            if (size is { } s)
            {
                // Sizes come from uploads and listings that may claim anything: added up, two claims of long.MaxValue
                // wrapped to a negative weight size, so the sum stops at long.MaxValue.
                total = s > long.MaxValue - total ? long.MaxValue : total + s;
                any = true;
            }
        }

        // Shards listed in an index but not published in this folder: the index says how big they are.
        if (artifacts.WeightMaps.FirstOrDefault(m => m.TotalSize is > 0) is { } map
            && !map.Shards.Any(s => sizes.ContainsKey(s)))
        {
            return map.TotalSize;
        }

        return any ? total : null;
    }

    private static bool IsWeightFile(string path) => WeightFormatOf(path) is not null;

    private static List<string> FormatsOf(ModelArtifacts artifacts) =>
        artifacts.Files.Select(f => WeightFormatOf(f.Path)).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string? QuantizationOf(ModelArtifacts artifacts, IReadOnlyDictionary<string, long> byDType, Dictionary<string, string> evidence)
    {
        if (artifacts.Config?.EffectiveQuantization is { } q)
        {
            evidence["quantization"] = $"{artifacts.Config.File}: quantization_config";
            return q.EffectiveBits is { } bits ? $"{q.Method}-{bits}bit" : q.Method;
        }

        if (artifacts.Gguf.Count > 0 && artifacts.Gguf[0].FileTypeName is { } fileType)
        {
            evidence["quantization"] = $"{artifacts.Gguf[0].File}: general.file_type";
            return fileType;
        }

        if (artifacts.Onnx.Any(g => g.Nodes.Any(n => n.OpType is "QuantizeLinear" or "DequantizeLinear" or "MatMulInteger" or "ConvInteger" or "QLinearConv" or "QLinearMatMul" or "DynamicQuantizeLinear" or "MatMulNBits")))
        {
            var onnx = artifacts.Onnx.First(g => g.Nodes.Any(n => n.OpType.Contains("Quant", StringComparison.Ordinal) || n.OpType.Contains("Integer", StringComparison.Ordinal) || n.OpType.StartsWith("QLinear", StringComparison.Ordinal) || n.OpType == "MatMulNBits"));
            evidence["quantization"] = $"{onnx.File}: quantization operators";
            return onnx.Nodes.Any(n => n.OpType == "MatMulNBits") ? "int4" : "int8";
        }

        var total = byDType.Values.Sum();
        if (total > 0)
        {
            var dominant = byDType.MaxBy(p => p.Value);
            if (dominant.Value * 2 > total && dominant.Key.StartsWith("F8", StringComparison.Ordinal))
            {
                evidence["quantization"] = "safetensors headers: dtype";
                return "fp8";
            }

            if (dominant.Value * 2 > total && dominant.Key is "I8" or "U8" or "I4" or "U4" or "F4")
            {
                evidence["quantization"] = "safetensors headers: dtype";
                return dominant.Key is "I8" or "U8" ? "int8" : "4bit";
            }
        }

        return null;
    }

    private static Modality ModalityOf(ModelArtifacts artifacts, string? headClass)
    {
        var fromConfig = artifacts.Config?.Modality ?? Modality.Unknown;
        if (fromConfig != Modality.Unknown)
        {
            return fromConfig;
        }

        if (headClass is not null)
        {
            if (headClass.Contains("Image", StringComparison.Ordinal) || headClass.Contains("ObjectDetection", StringComparison.Ordinal) || headClass.Contains("Segmentation", StringComparison.Ordinal))
            {
                return Modality.Vision;
            }

            if (headClass.EndsWith("ForCTC", StringComparison.Ordinal) || headClass.Contains("Audio", StringComparison.Ordinal) || headClass.Contains("Speech", StringComparison.Ordinal))
            {
                return Modality.Audio;
            }
        }

        return artifacts.Gguf.Count > 0 ? Modality.Text : Modality.Unknown;
    }

    /// <summary>torch dtype names → safetensors spelling, so config and header precisions compare.</summary>
    public static string? NormaliseTorchDType(string? dtype) => dtype?.Replace("torch.", string.Empty, StringComparison.Ordinal) switch
    {
        null => null,
        "float32" or "float" => "F32",
        "float16" or "half" => "F16",
        "bfloat16" => "BF16",
        "float64" or "double" => "F64",
        "int8" => "I8",
        "uint8" => "U8",
        "float8_e4m3fn" => "F8_E4M3",
        "float8_e5m2" => "F8_E5M2",
        "auto" => null,
        var other => other.ToUpperInvariant(),
    };

    private static long? ToLong(object value) => value switch
    {
        long l => l,
        ulong u when u <= long.MaxValue => (long)u,
        int i => i,
        uint u => u,
        double d when d >= 0 && d < 9e15 => (long)d,
        _ => null,
    };

    private static void Note(Dictionary<string, string> evidence, string fact, object? value, string? where)
    {
        if (value is not null && where is not null)
        {
            evidence[fact] = where;
        }
    }
}
