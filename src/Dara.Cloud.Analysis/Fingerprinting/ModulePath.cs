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

    /// <summary>Room <see cref="Read"/> needs for the folded path: a one-digit segment grows to three characters.</summary>
    public static int FoldedCapacity(string path) => path.Length * 3;

    /// <summary>
    /// Reads a module path in one pass over its segments. Returns its sort key: a key whose ordinal order is the order
    /// modules are registered in, approximately — segment by segment, numbers numerically, embeddings before everything
    /// else and task heads after it, the rest by name. Headers list tensors sorted by name, so this is an approximation,
    /// but a deterministic one, which is what the vectors need. Writes the folded path (every all-digit segment
    /// replaced with <c>{n}</c>: <c>encoder.layer.{n}.output</c>) into <paramref name="folded"/>, at least
    /// <see cref="FoldedCapacity"/> long, and finds the block index, the first all-digit segment, which
    /// <see cref="RepeatedBlockFinder"/> counts.
    /// </summary>
    public static string Read(string path, Span<char> folded, out int foldedLength, out BlockIndex block)
    {
        // Each segment gains at most two characters and a separator.
        var capacity = (path.Length * 4) + 4;
        Span<char> key = capacity > 1024 ? new char[capacity] : stackalloc char[capacity];
        var keyLength = 0;
        foldedLength = 0;
        block = BlockIndex.None;
        var start = 0;
        while (true)
        {
            var dot = path.IndexOf('.', start);
            var segment = dot < 0 ? path.AsSpan(start) : path.AsSpan(start, dot - start);
            var numeric = segment.Length > 0 && segment.IndexOfAnyExceptInRange('0', '9') < 0;
            if (numeric)
            {
                if (block.Start < 0)
                {
                    block = new BlockIndex(foldedLength + 3, start, segment.Length);
                }

                "{n}".CopyTo(folded[foldedLength..]);
                foldedLength += 3;
            }
            else
            {
                segment.CopyTo(folded[foldedLength..]);
                foldedLength += segment.Length;
            }

            if (numeric && segment.Length <= 18)
            {
                // Numbers sort numerically: the digit count first, then the digits.
                key[keyLength++] = '1';
                key[keyLength++] = (char)('a' + segment.Length);
            }
            else
            {
                key[keyLength++] = Rank(segment);
            }

            segment.CopyTo(key[keyLength..]);
            keyLength += segment.Length;
            key[keyLength++] = '\u0001';
            if (dot < 0)
            {
                return new string(key[..keyLength]);
            }

            folded[foldedLength++] = '.';
            start = dot + 1;
        }
    }

    private static char Rank(ReadOnlySpan<char> segment) =>
        ContainsEmbed(segment) || segment is "wte" or "wpe" or "shared" or "token_embd" ? '0'
        : segment is "lm_head" or "classifier" or "score" or "qa_outputs" or "pooler" or "head" or "cls" or "output" ? '3'
        : '2';

    /// <summary>
    /// "embed" in any case. Segments are a few characters long, where a plain loop beats a vectorised search; no
    /// character outside ASCII folds to e, m, b or d, so comparing ASCII-folded characters is OrdinalIgnoreCase here.
    /// </summary>
    private static bool ContainsEmbed(ReadOnlySpan<char> segment)
    {
        for (var i = 0; i + 5 <= segment.Length; i++)
        {
            if ((segment[i] | 0x20) == 'e' && (segment[i + 1] | 0x20) == 'm' && (segment[i + 2] | 0x20) == 'b'
                && (segment[i + 3] | 0x20) == 'e' && (segment[i + 4] | 0x20) == 'd')
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Where a module path's block index sits: its first all-digit segment (<c>3</c> in <c>encoder.layer.3.output</c>).</summary>
/// <param name="FoldedPrefixLength">Length of the folded path up to and including that segment's <c>{n}</c> (<c>encoder.layer.{n}</c>).</param>
/// <param name="Start">Where the segment starts in the unfolded path; -1 when the path has no all-digit segment.</param>
/// <param name="Length">The segment's length.</param>
internal readonly record struct BlockIndex(int FoldedPrefixLength, int Start, int Length)
{
    public static readonly BlockIndex None = new(0, -1, 0);
}
