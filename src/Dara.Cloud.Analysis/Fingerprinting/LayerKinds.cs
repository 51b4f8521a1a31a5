using System.Globalization;

namespace Dara.Cloud.Analysis.Fingerprinting;

/// <summary>
/// Infers a module's layer kind and parameters from its name and weight shape, in the vocabulary of a PyTorch trace
/// (Linear, Embedding, LayerNorm, Conv2d…) so weight-derived fingerprints speak the same language as DARA's.
/// </summary>
internal static class LayerKinds
{
    private static readonly string[] EmbeddingMarkers = ["embed", "wte", "wpe", "tok_embeddings", "token_embd", "pos_embd", "shared", "word_embeddings"];
    private static readonly string[] NormMarkers = ["norm", "ln_", "ln.", "layernorm", "layer_norm", "rms"];
    private static readonly string[] Gpt2Conv1DMarkers = ["c_attn", "c_fc", "c_proj", "q_attn"];

    public static ArchitectureLayer Infer(string module, string path, ModuleTensors tensors)
    {
        // Markers are lower-case; names are matched case-insensitively (LayerNorm, layernorm, layer_norm).
        var last = LastSegment(module);
        var lower = module;
        var shape = tensors.WeightShape;
        if (shape is null)
        {
            return new ArchitectureLayer(path, KindFromNameOnly(lower, last, tensors), [], []);
        }

        var shapes = tensors.Shapes();

        if (tensors.Count == 1 && tensors.Has("parameter"))
        {
            return Layer(path, "Parameter", shapes, ("shape", Tuple([.. shape])));
        }

        if (tensors.Has("qweight"))
        {
            return Layer(path, "QuantLinear", shapes, ("out_features", Number(shape.Count == 2 ? shape[1] : 0)));
        }

        switch (shape.Count)
        {
            case 5:
                return Layer(path, "Conv3d", shapes, ("in_channels", Number(shape[1])), ("out_channels", Number(shape[0])), ("kernel_size", Tuple(shape[2], shape[3], shape[4])));
            case 4:
                return Layer(path, "Conv2d", shapes, ("in_channels", Number(shape[1])), ("out_channels", Number(shape[0])), ("kernel_size", Tuple(shape[2], shape[3])));
            case 3 when !lower.Contains("expert", StringComparison.OrdinalIgnoreCase):
                return Layer(path, "Conv1d", shapes, ("in_channels", Number(shape[1])), ("out_channels", Number(shape[0])), ("kernel_size", Tuple(shape[2])));
            case 3:
                return Layer(path, "Experts", shapes, ("num_experts", Number(shape[0])), ("in_features", Number(shape[2])), ("out_features", Number(shape[1])));
            case 2 when Contains(last, EmbeddingMarkers) || (Contains(lower, EmbeddingMarkers) && !last.Contains("proj", StringComparison.OrdinalIgnoreCase) && !last.Equals("dense", StringComparison.OrdinalIgnoreCase)):
                return Layer(path, "Embedding", shapes, ("num_embeddings", Number(shape[0])), ("embedding_dim", Number(shape[1])));
            case 2 when Contains(last, Gpt2Conv1DMarkers):
                // GPT-2's Conv1D stores [in, out], the transpose of Linear.
                return Layer(path, "Conv1D", shapes, ("nf", Number(shape[1])), ("nx", Number(shape[0])));
            case 2:
                return Layer(path, "Linear", shapes, ("in_features", Number(shape[1])), ("out_features", Number(shape[0])));
            case 1 when tensors.Has("running_mean") || last.StartsWith("bn", StringComparison.OrdinalIgnoreCase) || last.Contains("batch_norm", StringComparison.OrdinalIgnoreCase):
                return Layer(path, "BatchNorm2d", shapes, ("num_features", Number(shape[0])));
            case 1 when Contains(last, NormMarkers) || last.Equals("ln", StringComparison.OrdinalIgnoreCase):
                return Layer(path, tensors.Has("bias") || tensors.Has("beta") ? "LayerNorm" : "RMSNorm", shapes, ("normalized_shape", Tuple(shape[0])));
            default:
                return Layer(path, "Parameter", shapes, ("shape", Tuple([.. shape])));
        }
    }

    private static string KindFromNameOnly(string lower, ReadOnlySpan<char> last, ModuleTensors tensors)
    {
        if (Contains(last, EmbeddingMarkers))
        {
            return "Embedding";
        }

        if (tensors.Has("running_mean") || last.StartsWith("bn", StringComparison.OrdinalIgnoreCase))
        {
            return "BatchNorm2d";
        }

        if (Contains(last, NormMarkers) || last.Equals("ln", StringComparison.OrdinalIgnoreCase))
        {
            return tensors.Has("bias") ? "LayerNorm" : "RMSNorm";
        }

        if (last.Contains("conv", StringComparison.OrdinalIgnoreCase) || lower.Contains("downsample", StringComparison.OrdinalIgnoreCase))
        {
            return "Conv2d";
        }

        if (Contains(last, Gpt2Conv1DMarkers))
        {
            return "Conv1D";
        }

        return tensors.Has("weight") || tensors.Has("qweight") ? "Linear" : "Parameter";
    }

    private static ArchitectureLayer Layer(string path, string kind, List<IReadOnlyList<long>> shapes, params ReadOnlySpan<(string Name, string Value)> parameters)
    {
        var named = new KeyValuePair<string, string>[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            named[i] = KeyValuePair.Create(parameters[i].Name, parameters[i].Value);
        }

        return new ArchitectureLayer(path, kind, named, shapes);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Tuple(params long[] values) =>
        values.Length == 1 ? $"({values[0]},)" : $"({string.Join(", ", values)})";

    private static bool Contains(ReadOnlySpan<char> text, string[] markers)
    {
        foreach (var marker in markers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> LastSegment(string module)
    {
        var dot = module.LastIndexOf('.');
        return dot < 0 ? module : module.AsSpan(dot + 1);
    }
}
