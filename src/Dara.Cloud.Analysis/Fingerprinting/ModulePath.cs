namespace Dara.Cloud.Analysis.Fingerprinting;

/// <summary>Splits tensor names into module paths and folds layer indices, e.g. <c>encoder.layer.3.output.dense.weight</c>.</summary>
internal static class ModulePath
{
    /// <summary>Last segments that name a tensor of a module rather than a module.</summary>
    private static readonly HashSet<string> TensorSuffixes = new(StringComparer.Ordinal)
    {
        "weight", "bias", "gamma", "beta", "running_mean", "running_var", "num_batches_tracked", "qweight", "qzeros", "scales",
        "g_idx", "weight_scale", "weight_scale_inv", "input_scale", "weight_zero_point", "SCB", "absmax", "quant_map",
        "quant_state", "nested_absmax", "nested_quant_map", "weight_packed", "weight_shape", "weight_g", "weight_v",
        "lora_A", "lora_B", "inv_freq", "e_score_correction_bias", "biases",
    };

    /// <summary>(module path, tensor role) — "model.layers.0.mlp.up_proj.weight" → ("model.layers.0.mlp.up_proj", "weight").</summary>
    public static (string Module, string Role) Split(string tensorName)
    {
        var dot = tensorName.LastIndexOf('.');
        if (dot > 0)
        {
            var last = tensorName[(dot + 1)..];
            if (TensorSuffixes.Contains(last) || last.StartsWith("weight", StringComparison.Ordinal))
            {
                return (tensorName[..dot], last);
            }
        }

        // A bare parameter (cls_token, position_embeddings): the tensor is its own module.
        return (tensorName, "parameter");
    }

    /// <summary>Replaces every all-digit segment with <c>{n}</c>.</summary>
    public static string Fold(string path)
    {
        if (!path.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return path;
        }

        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 0 && segments[i].AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
            {
                segments[i] = "{n}";
            }
        }

        return string.Join('.', segments);
    }

    /// <summary>
    /// A key whose ordinal order is the order modules are registered in, approximately: segment by segment, numbers
    /// numerically, embeddings before everything else and task heads after it, the rest by name. Headers list tensors
    /// sorted by name, so this is an approximation — but a deterministic one, which is what the vectors need.
    /// Built once per module, so sorting compares plain strings.
    /// </summary>
    public static string SortKey(string path)
    {
        var key = new System.Text.StringBuilder(path.Length + 16);
        foreach (var segment in path.Split('.'))
        {
            if (segment.Length is > 0 and <= 18 && segment.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
            {
                // Numbers sort numerically: the digit count first, then the digits.
                key.Append('1').Append((char)('a' + segment.Length)).Append(segment);
            }
            else
            {
                key.Append(Rank(segment)).Append(segment);
            }

            key.Append('\u0001');
        }

        return key.ToString();
    }

    private static char Rank(string segment) =>
        segment.Contains("embed", StringComparison.OrdinalIgnoreCase) || segment is "wte" or "wpe" or "shared" or "token_embd" ? '0'
        : segment is "lm_head" or "classifier" or "score" or "qa_outputs" or "pooler" or "head" or "cls" or "output" ? '3'
        : '2';
}
