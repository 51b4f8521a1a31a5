using System.Collections.Frozen;
using Dara.Cloud.Analysis.Fingerprinting;

namespace Dara.Cloud.Inference.Features;

/// <summary>
/// One vocabulary for layer traces from three sources. PeaTMOSS traces already use it: the lower-case names of the
/// PyTorch modules and functions a trace records (<c>linear</c>, <c>layernorm</c>, <c>view</c>, <c>bertembeddings</c>).
/// The engine's weight-derived layers (<c>Linear</c>, <c>LayerNorm</c>, <c>Conv2d</c>) are lower-cased into it, and
/// ONNX op types are mapped to the torch operation they are exported from (<c>MatMul</c> with a weight → <c>linear</c>,
/// <c>Gather</c> on a table → <c>embedding</c>, <c>Reshape</c> → <c>view</c>), so that one classifier reads all three.
/// </summary>
internal static class TraceVocabulary
{
    public const string Input = "input";
    public const string Output = "output";

    /// <summary>ONNX op types whose torch counterpart has another name; the rest are lower-cased.</summary>
    private static readonly FrozenDictionary<string, string> OnnxOps = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Gemm"] = "linear",
        ["Reshape"] = "view",
        ["Cast"] = "to",
        ["Slice"] = "__getitem__",
        ["Concat"] = "cat",
        ["LayerNormalization"] = "layernorm",
        ["SimplifiedLayerNormalization"] = "rmsnorm",
        ["SkipLayerNormalization"] = "layernorm",
        ["BatchNormalization"] = "batchnorm2d",
        ["InstanceNormalization"] = "instancenorm2d",
        ["GroupNormalization"] = "groupnorm",
        ["Gelu"] = "gelu",
        ["FastGelu"] = "gelu",
        ["MaxPool"] = "maxpool2d",
        ["AveragePool"] = "avgpool2d",
        ["GlobalAveragePool"] = "adaptiveavgpool2d",
        ["ReduceMean"] = "mean",
        ["ReduceSum"] = "sum",
        ["ReduceMax"] = "amax",
        ["ConstantOfShape"] = "new_zeros",
        ["Equal"] = "eq",
        ["CumSum"] = "cumsum",
        ["Neg"] = "neg",
        ["Range"] = "arange",
        ["LSTM"] = "lstm",
        ["GRU"] = "gru",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The trace token of a layer of the engine's abstract architecture (weights or ONNX).</summary>
    public static string TokenOf(ArchitectureLayer layer, string basis)
    {
        var kind = layer.Kind;
        if (kind == AbstractArchitecture.Input)
        {
            return Input;
        }

        if (kind == AbstractArchitecture.Output)
        {
            return Output;
        }

        return basis == "onnx" ? FromOnnx(layer) : FromModuleKind(kind);
    }

    /// <summary>A torch module kind inferred from weights: the class name a trace would record, lower-cased.</summary>
    private static string FromModuleKind(string kind) => kind switch
    {
        "QuantLinear" => "linear",
        "Conv1D" => "conv1d",
        "RMSNorm" => "rmsnorm",
        _ => kind.ToLowerInvariant(),
    };

    private static string FromOnnx(ArchitectureLayer layer)
    {
        // A weight input says which torch module the op came from: MatMul on a weight is a Linear, Gather on a
        // table an Embedding, a Conv's kernel rank tells Conv1d from Conv2d.
        var weightRank = layer.Shapes.Count == 0 ? 0 : layer.Shapes.Max(s => s.Count);
        return layer.Kind switch
        {
            "MatMul" or "MatMulInteger" or "QLinearMatMul" or "MatMulNBits" => weightRank >= 2 ? "linear" : "matmul",
            "Gather" => weightRank >= 2 ? "embedding" : "__getitem__",
            "Conv" or "ConvInteger" or "QLinearConv" => weightRank == 3 ? "conv1d" : weightRank == 5 ? "conv3d" : "conv2d",
            "ConvTranspose" => weightRank == 3 ? "convtranspose1d" : "convtranspose2d",
            _ => OnnxOps.TryGetValue(layer.Kind, out var token) ? token : layer.Kind.ToLowerInvariant(),
        };
    }

    /// <summary>
    /// The generic class of a token, shared by every model's flavour of it: <c>linear4bit</c> → <c>linear</c>,
    /// <c>debertalayernorm</c> → <c>layernorm</c>, <c>llamarmsnorm</c> and <c>t5layernorm</c> → <c>rmsnorm</c>,
    /// <c>bartlearnedpositionalembedding</c> → <c>embedding</c>. Weight-derived traces only know the generic classes,
    /// so features over them are what traces and weights have in common.
    /// </summary>
    public static string GenericOf(string token)
    {
        if (token.StartsWith("linear", StringComparison.Ordinal))
        {
            return "linear";
        }

        if (token.Contains("rmsnorm", StringComparison.Ordinal) || token.EndsWith("t5layernorm", StringComparison.Ordinal))
        {
            return "rmsnorm";
        }

        if (token.Contains("layernorm", StringComparison.Ordinal))
        {
            return "layernorm";
        }

        if (token.Contains("embedding", StringComparison.Ordinal))
        {
            return "embedding";
        }

        if (token.Contains("batchnorm", StringComparison.Ordinal))
        {
            return "batchnorm";
        }

        if (token.Contains("dropout", StringComparison.Ordinal))
        {
            return "dropout";
        }

        if (token.Contains("gelu", StringComparison.Ordinal))
        {
            return "gelu";
        }

        return token.StartsWith("conv", StringComparison.Ordinal) && !token.StartsWith("convnext", StringComparison.Ordinal) ? "conv" : token;
    }

    /// <summary>
    /// The name the engine gives a traced layer when it reads the layer from weights instead (Linear → linear,
    /// LayerNorm → layernorm, RMSNorm → rmsnorm, Embedding → embedding, Conv2d → conv2d), or null for a layer
    /// without weights (functions, activations, dropout).
    /// </summary>
    public static string? AsWeightLayer(string token)
    {
        var generic = GenericOf(token);
        return generic switch
        {
            "linear" or "layernorm" or "rmsnorm" or "embedding" => generic,
            "batchnorm" => "batchnorm2d",
            "groupnorm" or "nonorm" => "layernorm",
            "conv" when token is "conv1d" or "conv2d" or "conv3d" => token,
            _ => null,
        };
    }

    /// <summary>Generic classes of layers that hold weights: the only layers a weight file shows.</summary>
    public static bool HoldsWeights(string generic) =>
        generic is "linear" or "layernorm" or "rmsnorm" or "embedding" or "conv" or "batchnorm" or "groupnorm" or "nonorm";

    /// <summary>
    /// True for a plausible operation name: ASCII letters, digits and <c>_ . - : [ ]</c>. Anything else (spaces,
    /// control characters, markup) means the input is not a layer trace.
    /// </summary>
    public static bool IsOperationName(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or ':' or '[' or ']'))
            {
                return false;
            }
        }

        return token.Length > 0;
    }
}
