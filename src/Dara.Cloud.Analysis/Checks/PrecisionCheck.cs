using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// <c>precision-mismatch</c>: precision and quantization words (fp16, bf16, int8, 4bit, gptq, awq, q4_k_m) against the
/// weight dtypes, the quantization config and the GGUF file type; format words (gguf, onnx, safetensors, tf) against
/// the files published.
/// </summary>
public sealed class PrecisionCheck : INameCheck
{
    private static readonly Dictionary<string, string[]> FormatFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gguf"] = ["gguf"],
        ["ggml"] = ["gguf", "pickle"],
        ["onnx"] = ["onnx"],
        ["safetensors"] = ["safetensors"],
        ["tensorflow"] = ["tensorflow", "tflite"],
        ["keras"] = ["tensorflow"],
        ["tflite"] = ["tflite"],
        ["flax"] = ["flax"],
        ["coreml"] = ["coreml"],
        ["pytorch"] = ["pickle", "safetensors"],
        ["mlx"] = ["safetensors"],
    };

    public IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped)
    {
        var facts = context.Facts;
        var claims = context.Name.Elements.Where(e => e.Code is ElementCode.Q or ElementCode.W).ToList();
        if (claims.Count == 0)
        {
            yield break;
        }

        if (facts.Formats.Count == 0 && facts.Precision is null && facts.Quantization is null)
        {
            skipped.Add($"{FindingCodes.PrecisionMismatch}: no weights or dtype published to compare \"{claims[0].Text}\" with");
            yield break;
        }

        foreach (var claim in claims)
        {
            var finding = claim.Code == ElementCode.W ? CheckFormat(context, claim) : CheckPrecision(context, claim);
            if (finding is not null)
            {
                yield return finding;
            }
        }
    }

    private static Finding? CheckFormat(CheckContext context, NamingElement claim)
    {
        var formats = context.Facts.Formats;
        if (formats.Count == 0 || !FormatFiles.TryGetValue(claim.Value, out var accepted) || formats.Any(accepted.Contains))
        {
            return null;
        }

        var published = string.Join(", ", formats);
        return new Finding(
            FindingCodes.PrecisionMismatch, Severity.Error, "W", claim.Text, published, "file listing", 0.9,
            $"The name says {claim.Value} but the weights are published as {published}.");
    }

    private static Finding? CheckPrecision(CheckContext context, NamingElement claim)
    {
        var facts = context.Facts;
        var quantization = facts.Quantization?.ToLowerInvariant();
        var precision = facts.Precision;
        var observed = quantization ?? PrecisionWord(precision) ?? PrecisionWord(FactsBuilder.NormaliseTorchDType(facts.ConfigDType));
        if (observed is null)
        {
            return null;
        }

        var evidence = quantization is not null ? context.EvidenceFor("quantization", "quantization_config")
            : precision is not null && facts.ParametersByDType.Count > 0 ? context.EvidenceFor("parameters", "weights") + " (dtypes)"
            : context.EvidenceFor("dtype", "config.json: torch_dtype");
        if (Agrees(claim.Value, quantization, precision, facts))
        {
            return null;
        }

        // Only the config's dtype was seen (no weights): a weaker statement.
        var weightsSeen = facts.ParametersByDType.Count > 0 || quantization is not null;
        return new Finding(
            FindingCodes.PrecisionMismatch, weightsSeen ? Severity.Error : Severity.Warning, "Q", claim.Text, observed, evidence,
            weightsSeen ? 0.9 : 0.6,
            $"The name says {claim.Value} but the weights are {observed}.");
    }

    private static bool Agrees(string claimed, string? quantization, string? precision, ModelFacts facts)
    {
        var q = quantization ?? string.Empty;
        var dtype = precision ?? FactsBuilder.NormaliseTorchDType(facts.ConfigDType) ?? string.Empty;
        return claimed switch
        {
            "fp32" => dtype == "F32",
            "fp16" => dtype == "F16" || (q.Length > 0 && facts.ConfigDType is "float16"),
            "bf16" => dtype == "BF16" || (q.Length > 0 && facts.ConfigDType is "bfloat16"),
            "fp8" => q.Contains("fp8", StringComparison.Ordinal) || dtype.StartsWith("F8", StringComparison.Ordinal),
            "int8" => q.Contains("8bit", StringComparison.Ordinal) || q is "int8" or "q8_0" || dtype is "I8" or "U8",
            "int4" or "nf4" or "fp4" => q.Contains("4bit", StringComparison.Ordinal) || q is "int4" or "4bit" || q.StartsWith("q4", StringComparison.Ordinal) || q.StartsWith("iq4", StringComparison.Ordinal) || q.Contains("mxfp4", StringComparison.Ordinal),
            "gptq" or "awq" or "exl2" or "bitsandbytes" or "aqlm" or "hqq" or "eetq" => q.StartsWith(claimed, StringComparison.Ordinal),
            "int3" or "int2" or "int5" or "int6" => q.Contains(claimed[3..] + "bit", StringComparison.Ordinal) || q.StartsWith("q" + claimed[3..], StringComparison.Ordinal),
            "quantized" => q.Length > 0 || dtype is "I8" or "U8" or "I4" or "U4" || dtype.StartsWith("F8", StringComparison.Ordinal),
            _ when IsGgufQuantization(claimed) => q.Length == 0 || AgreesWithLlamaCppType(claimed, q),
            _ => true,
        };
    }

    /// <summary>
    /// A llama.cpp-style word (q4_k_m, q4, iq4_xs; MLC's q4f16_1) against the observed quantization: a GGUF file type
    /// must be that type or, for a bare q4, one of its kind (q4_0, q4_k_m); a quantization config or integer weights
    /// must have the word's bits (q4 on gptq-4bit agrees, q8_0 on int4 does not).
    /// </summary>
    private static bool AgreesWithLlamaCppType(string claimed, string q)
    {
        if (IsGgufQuantization(q))
        {
            return q == claimed || q.StartsWith(claimed + "_", StringComparison.Ordinal);
        }

        var digits = claimed.AsSpan(claimed[0] == 'i' ? 2 : 1);
        var bits = digits[..Math.Max(1, digits.IndexOfAnyExceptInRange('0', '9') is var end and >= 0 ? end : digits.Length)].ToString();
        return q.Contains(bits + "bit", StringComparison.Ordinal) || q == "int" + bits;
    }

    /// <summary>llama.cpp quantization names: q4_k_m, q8_0, iq2_xs.</summary>
    internal static bool IsGgufQuantization(string word) =>
        (word.Length > 1 && word[0] == 'q' && char.IsDigit(word[1])) || (word.Length > 2 && word.StartsWith("iq", StringComparison.Ordinal) && char.IsDigit(word[2]));

    /// <summary>Whether a precision word names a floating-point width (fp32, fp16, bf16, fp64) rather than a quantization.</summary>
    internal static bool IsFloatWord(string word) => word.ToLowerInvariant() is "fp32" or "fp16" or "bf16" or "fp64";

    private static string? PrecisionWord(string? dtype) => dtype switch
    {
        "F32" => "fp32",
        "F16" => "fp16",
        "BF16" => "bf16",
        "F64" => "fp64",
        null => null,
        var other => other.ToLowerInvariant(),
    };
}
