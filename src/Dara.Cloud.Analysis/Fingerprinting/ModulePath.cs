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

    /// <summary>The same set, searchable by a span of a tensor name so the usual roles cost no substring.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TensorSuffixLookup =
        TensorSuffixes.GetAlternateLookup<ReadOnlySpan<char>>();

    private const string BareParameter = "parameter";

    /// <summary>(module path, tensor role) — "model.layers.0.mlp.up_proj.weight" → ("model.layers.0.mlp.up_proj", "weight").</summary>
    public static (string Module, string Role) Split(string tensorName)
    {
        var length = ModuleLength(tensorName, out var role);
        return (length == tensorName.Length ? tensorName : tensorName[..length], role);
    }

    /// <summary>
    /// The length of <paramref name="tensorName"/>'s module path (the whole name for a bare parameter) and the tensor's
    /// role; the module is left as a prefix so callers can look it up without allocating it once per tensor.
    /// </summary>
    public static int ModuleLength(string tensorName, out string role)
    {
        var dot = tensorName.LastIndexOf('.');
        if (dot > 0)
        {
            var last = tensorName.AsSpan(dot + 1);
            if (TensorSuffixLookup.TryGetValue(last, out var known))
            {
                role = known;
                return dot;
            }

            if (last.StartsWith("weight", StringComparison.Ordinal))
            {
                role = last.ToString();
                return dot;
            }
        }

        // A bare parameter (cls_token, position_embeddings): the tensor is its own module.
        role = BareParameter;
        return tensorName.Length;
    }

    /// <summary>Replaces every all-digit segment with <c>{n}</c>.</summary>
    public static string Fold(string path)
    {
        if (!path.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return path;
        }

        // A one-digit segment grows to three characters, so three times the path always fits.
        var capacity = path.Length * 3;
        Span<char> folded = capacity > 512 ? new char[capacity] : stackalloc char[capacity];
        var written = 0;
        var rest = path.AsSpan();
        while (true)
        {
            var dot = rest.IndexOf('.');
            var segment = dot < 0 ? rest : rest[..dot];
            if (segment.Length > 0 && segment.IndexOfAnyExceptInRange('0', '9') < 0)
            {
                "{n}".CopyTo(folded[written..]);
                written += 3;
            }
            else
            {
                segment.CopyTo(folded[written..]);
                written += segment.Length;
            }

            if (dot < 0)
            {
                return new string(folded[..written]);
            }

            folded[written++] = '.';
            rest = rest[(dot + 1)..];
        }
    }

    /// <summary>
    /// A key whose ordinal order is the order modules are registered in, approximately: segment by segment, numbers
    /// numerically, embeddings before everything else and task heads after it, the rest by name. Headers list tensors
    /// sorted by name, so this is an approximation — but a deterministic one, which is what the vectors need.
    /// Built once per module, so sorting compares plain strings.
    /// </summary>
    public static string SortKey(string path)
    {
        // Each segment gains at most two characters and a separator.
        var capacity = (path.Length * 4) + 4;
        Span<char> key = capacity > 1024 ? new char[capacity] : stackalloc char[capacity];
        var written = 0;
        var rest = path.AsSpan();
        while (true)
        {
            var dot = rest.IndexOf('.');
            var segment = dot < 0 ? rest : rest[..dot];
            if (segment.Length is > 0 and <= 18 && segment.IndexOfAnyExceptInRange('0', '9') < 0)
            {
                // Numbers sort numerically: the digit count first, then the digits.
                key[written++] = '1';
                key[written++] = (char)('a' + segment.Length);
            }
            else
            {
                key[written++] = Rank(segment);
            }

            segment.CopyTo(key[written..]);
            written += segment.Length;
            key[written++] = '\u0001';
            if (dot < 0)
            {
                return new string(key[..written]);
            }

            rest = rest[(dot + 1)..];
        }
    }

    private static char Rank(ReadOnlySpan<char> segment) =>
        segment.Contains("embed", StringComparison.OrdinalIgnoreCase) || segment is "wte" or "wpe" or "shared" or "token_embd" ? '0'
        : segment is "lm_head" or "classifier" or "score" or "qa_outputs" or "pooler" or "head" or "cls" or "output" ? '3'
        : '2';
}
