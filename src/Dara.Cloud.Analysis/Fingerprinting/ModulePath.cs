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
    /// Orders module paths close to how a model registers them: segment by segment, numbers numerically, embeddings
    /// before everything else and task heads after it, the rest by name. Headers list tensors sorted by name, so
    /// this is an approximation — but a deterministic one, which is what the vectors need.
    /// </summary>
    public sealed class NaturalComparer : IComparer<string>
    {
        public static NaturalComparer Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return string.CompareOrdinal(x, y);
            }

            var a = x.AsSpan();
            var b = y.AsSpan();
            while (!a.IsEmpty && !b.IsEmpty)
            {
                var ai = a.IndexOf('.');
                var bi = b.IndexOf('.');
                var sa = ai < 0 ? a : a[..ai];
                var sb = bi < 0 ? b : b[..bi];
                var result = long.TryParse(sa, out var na) && long.TryParse(sb, out var nb)
                    ? na.CompareTo(nb)
                    : Rank(sa).CompareTo(Rank(sb)) is var byRank and not 0 ? byRank : sa.CompareTo(sb, StringComparison.Ordinal);
                if (result != 0)
                {
                    return result;
                }

                a = ai < 0 ? [] : a[(ai + 1)..];
                b = bi < 0 ? [] : b[(bi + 1)..];
            }

            return a.Length.CompareTo(b.Length);
        }

        private static int Rank(ReadOnlySpan<char> segment) =>
            segment.Contains("embed", StringComparison.OrdinalIgnoreCase) || segment is "wte" or "wpe" or "shared" or "token_embd" ? 0
            : segment is "lm_head" or "classifier" or "score" or "qa_outputs" or "pooler" or "head" or "cls" or "output" ? 2
            : 1;
    }
}
