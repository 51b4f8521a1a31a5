using System.Runtime.InteropServices;
using Dara.Cloud.Analysis.Formats.Safetensors;

namespace Dara.Cloud.Analysis.Formats;

/// <summary>Parameters per stored dtype (keyed by the spelling in the file, as the Hub keys them) and their total.</summary>
public sealed record ParameterCounts(IReadOnlyDictionary<string, long> ByDType, long Total);

/// <summary>
/// Counts a model's parameters from its tensor list the way @huggingface/hub's <c>parseSafetensorsMetadata</c> does,
/// so our figures can be cross-checked against the Hub's: elements of every non-scalar tensor, with quantization
/// corrections — packed integer containers unpacked (GPTQ/AWQ <c>qweight</c> I32 = 32/bits values, bitsandbytes
/// 4-bit U8 = 2, MXFP4 <c>_blocks</c> U8 = 2, compressed-tensors <c>pack-quantized</c> = container bits / num_bits)
/// and scale / zero-point / index tensors left out.
/// </summary>
/// <remarks>Scalars (shape <c>[]</c>) are not counted, as huggingface.js does not count them.</remarks>
public static class ParameterCounter
{
    private const string QWeightSuffix = "qweight";

    // Quantization bookkeeping: scales, zero points, shapes and permutations stored beside quantized weights.
    // A bare ".scale"/".scales" is deliberately absent: some architectures have learnable scales by that name.
    private static readonly HashSet<string> _auxiliarySuffixes = new(StringComparer.Ordinal)
    {
        "weight_scale", "weight_scale_inv", "weight_scale_2", "weight_global_scale", "weight_zero_point",
        "input_scale", "input_global_scale", "input_zero_point", "zero_point", "weight_shape", "weight_g_idx",
    };

    private static readonly HashSet<string> _gptqAwqAuxiliarySuffixes = new(StringComparer.Ordinal) { "qzeros", "g_idx", "scales" };

    private static readonly HashSet<string> _bitsAndBytesAuxiliarySuffixes = new(StringComparer.Ordinal)
    {
        "absmax", "quant_map", "nested_absmax", "nested_quant_map",
    };

    private const string BitsAndBytesQuantStatePrefix = "bitsandbytes__";
    private const string Mxfp4ScalesSuffix = "_scales";

    // Sub-byte widths named inside format strings ("mxfp4-pack-quantized") or expert_dtype ("fp4"), in match order.
    private static readonly (string Pattern, int Bits)[] _subByteFormatBits =
        [("nvfp4", 4), ("mxfp4", 4), ("fp4", 4), ("int4", 4), ("uint4", 4), ("nf4", 4), ("int2", 2)];

    /// <summary>Counts parameters per dtype over all tensors (for a sharded model, pass every shard's tensors).</summary>
    public static ParameterCounts Count(IEnumerable<TensorSpec> tensors, QuantizationConfig? quantization = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var tally = new Tally(quantization);
        foreach (var tensor in tensors)
        {
            tally.Add(tensor.Name, tensor.DType, tensor.Shape);
        }

        return tally.Result();
    }

    /// <summary>
    /// <see cref="Count(IEnumerable{TensorSpec}, QuantizationConfig?)"/> over safetensors headers' own entries,
    /// so counting a model costs no <see cref="TensorSpec"/> per tensor.
    /// </summary>
    internal static ParameterCounts Count(IReadOnlyList<SafetensorsHeader> headers, QuantizationConfig? quantization)
    {
        var tally = new Tally(quantization);
        foreach (var header in headers)
        {
            foreach (var tensor in header.Tensors)
            {
                tally.Add(tensor.Name, tensor.DType, tensor.Shape);
            }
        }

        return tally.Result();
    }

    /// <summary>Parameters summed in total and per dtype, one tensor at a time.</summary>
    private sealed class Tally(QuantizationConfig? quantization)
    {
        // A model stores its tensors in one to a few dtypes, whose names headers share as one string each: a short
        // list searched in order (equal references match at once) beats hashing the dtype of every tensor.
        private readonly List<(string DType, long Count)> _byDType = new(4);
        private long _total;

        public void Add(string name, string dtype, IReadOnlyList<long> shape)
        {
            var count = CountTensor(name, dtype, shape, quantization);
            if (count != 0)
            {
                AddTo(dtype, count);
                _total += count;
            }
        }

        public ParameterCounts Result()
        {
            var byDType = new Dictionary<string, long>(_byDType.Count, StringComparer.Ordinal);
            foreach (var (dtype, count) in _byDType)
            {
                byDType[dtype] = count;
            }

            return new ParameterCounts(byDType, _total);
        }

        private void AddTo(string dtype, long count)
        {
            var counts = CollectionsMarshal.AsSpan(_byDType);
            for (var i = 0; i < counts.Length; i++)
            {
                if (string.Equals(counts[i].DType, dtype, StringComparison.Ordinal))
                {
                    counts[i].Count += count;
                    return;
                }
            }

            _byDType.Add((dtype, count));
        }
    }

    /// <summary>The parameters one tensor holds (0 for bookkeeping tensors and scalars).</summary>
    public static long CountTensor(TensorSpec tensor, QuantizationConfig? quantization = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return CountTensor(tensor.Name, tensor.DType, tensor.Shape, quantization);
    }

    private static long CountTensor(string name, string dtype, IReadOnlyList<long> shape, QuantizationConfig? quantization)
    {
        if (shape.Count == 0 || IsBookkeeping(name, dtype, quantization))
        {
            return 0;
        }

        long elements = 1;
        foreach (var dim in shape)
        {
            if (dim < 0 || (dim > 0 && elements > long.MaxValue / dim))
            {
                return 0; // not a real tensor: huggingface.js likewise skips non-finite element counts
            }

            elements *= dim;
        }

        var multiplier = Multiplier(name, dtype, quantization);
        if (multiplier == 1)
        {
            return elements;
        }

        // The factor can be fractional (3-bit in I32 = 10.67); a count is rounded half up, as Math.round does.
        return (long)Math.Floor(elements * multiplier + 0.5);
    }

    private static bool IsBookkeeping(string name, string dtype, QuantizationConfig? quantization)
    {
        // Exponent-only dtypes hold block scales only, with or without a declared quantization config.
        if (SafetensorsDTypes.IsScaleOnly(dtype))
        {
            return true;
        }

        if (quantization is null)
        {
            return false;
        }

        var suffix = Suffix(name);
        if (_auxiliarySuffixes.Contains(suffix))
        {
            return true;
        }

        switch (Method(quantization))
        {
            case "mxfp4":
                // gpt-oss joins the UE8M0 exponents to their weights with '_': "…gate_up_proj_scales".
                return dtype == "U8" && suffix.EndsWith(Mxfp4ScalesSuffix, StringComparison.Ordinal);
            case "bitsandbytes":
                return _bitsAndBytesAuxiliarySuffixes.Contains(suffix)
                    || suffix.StartsWith(BitsAndBytesQuantStatePrefix, StringComparison.Ordinal);
            case "gptq" or "awq":
                return QuantizedModuleMatcher.IsQuantized(name, quantization)
                    && suffix != QWeightSuffix
                    && _gptqAwqAuxiliarySuffixes.Contains(suffix);
            default:
                return false;
        }
    }

    private static double Multiplier(string name, string dtype, QuantizationConfig? quantization)
    {
        if (quantization is null || !QuantizedModuleMatcher.IsQuantized(name, quantization))
        {
            return 1;
        }

        switch (Method(quantization))
        {
            case "mxfp4":
                return dtype == "U8" && name.Contains("_blocks", StringComparison.Ordinal) ? 2 : 1;
            case "gptq" or "awq":
                if (Suffix(name) == QWeightSuffix)
                {
                    var bits = quantization.Bits is > 0 ? quantization.Bits.Value : 4;
                    return Math.Max(1, 32 / bits);
                }

                return dtype != "U8" ? 1 : quantization.Bits switch { 4 => 2, 2 => 4, _ => 1 };
            case "compressed-tensors":
                return CompressedTensorsMultiplier(name, dtype, quantization);
            case "fp8":
                // expert_dtype describes routed experts only; applying it to other integer tensors would inflate them.
                return IsRoutedExpert(name) ? PackingFactor(dtype, BitsFromFormat(quantization.ExpertDType)) : 1;
            case "bitsandbytes":
                return quantization.LoadIn4Bit && dtype == "U8" ? 2 : 1;
            default:
                return dtype == "U8" && (quantization.LoadIn4Bit || quantization.Bits == 4) ? 2 : 1;
        }
    }

    private static double CompressedTensorsMultiplier(string name, string dtype, QuantizationConfig quantization)
    {
        if (ContainerBits(dtype) == 0)
        {
            return 1;
        }

        // Mixed-precision models have one group per width: use the group whose targets name this module.
        var module = QuantizedModuleMatcher.ModuleName(name);
        CompressedTensorsGroup? group = null;
        foreach (var candidate in quantization.ConfigGroups)
        {
            if (candidate.Targets.Any(target => QuantizedModuleMatcher.MatchesTarget(target, module)))
            {
                group = candidate;
                break;
            }
        }

        // "pack-quantized" is a family: "mxfp4-pack-quantized", "nvfp4-pack-quantized"…
        var format = (group?.Format ?? quantization.Format)?.ToLowerInvariant();
        if (format is null || !format.EndsWith("pack-quantized", StringComparison.Ordinal))
        {
            return 1;
        }

        var numBits = group?.NumBits
            ?? quantization.ConfigGroups.FirstOrDefault(g => g.NumBits is not null)?.NumBits
            ?? BitsFromFormat(format)
            ?? 4;
        return PackingFactor(dtype, numBits);
    }

    /// <summary>Values per integer container: container bits / value bits, deliberately not floored (3 bits in I32 = 10.67).</summary>
    private static double PackingFactor(string dtype, int? numBits)
    {
        var containerBits = ContainerBits(dtype);
        return containerBits == 0 || numBits is not > 0 || numBits >= containerBits
            ? 1
            : (double)containerBits / numBits.Value;
    }

    private static int ContainerBits(string dtype) => dtype switch
    {
        "U8" or "I8" => 8,
        "U16" or "I16" => 16,
        "U32" or "I32" => 32,
        _ => 0,
    };

    private static int? BitsFromFormat(string? format)
    {
        if (format is null)
        {
            return null;
        }

        foreach (var (pattern, bits) in _subByteFormatBits)
        {
            if (format.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return bits;
            }
        }

        return null;
    }

    private static bool IsRoutedExpert(string name) =>
        name.Contains(".experts.", StringComparison.Ordinal) && !name.Contains("shared_expert", StringComparison.Ordinal);

    private static string? Method(QuantizationConfig quantization) => quantization.QuantMethod?.ToLowerInvariant();

    private static string Suffix(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? name : name[(dot + 1)..];
    }
}
