using System.Globalization;
using Dara.Cloud.Analysis.Fingerprinting;
using Dara.Cloud.Analysis.Inspection;

namespace Dara.Cloud.Inference.Features;

/// <summary>Where a layer trace came from; the three speak one vocabulary but show different parts of a model.</summary>
public enum TraceOrigin
{
    /// <summary>A PyTorch trace's layer sequence (the PeaTMOSS rows): modules and functions in execution order.</summary>
    Trace,

    /// <summary>Layers inferred from weight names and shapes (safetensors, GGUF, weight maps): modules only.</summary>
    Weights,

    /// <summary>An ONNX graph's nodes, op types mapped to torch names.</summary>
    Onnx,
}

/// <summary>
/// A model's layers as the classifier reads them: operation tokens in order (from which DARA's <c>l</c> pairs and
/// <c>p</c> counts follow), plus what only the engine's fingerprints have: DARA's <c>p</c> keys with parameters,
/// the words of module paths and the number of repeated blocks.
/// </summary>
public sealed class LayerTrace
{
    /// <summary>Traces longer than this are refused: the largest published graphs have about 100,000 nodes.</summary>
    public const int MaxTokens = 262_144;

    /// <summary>Longest operation name accepted (torch class names are under 60 characters).</summary>
    public const int MaxTokenLength = 128;

    /// <summary>Characters of trace text accepted before splitting, so a huge string is refused before any work.</summary>
    public const int MaxTextLength = MaxTokens * 32;

    private static readonly IReadOnlyDictionary<string, int> None = new Dictionary<string, int>();

    private readonly Operation[] _operations;

    private LayerTrace(Operation[] operations, TraceOrigin origin, IReadOnlyDictionary<string, int> parameterKeys, IReadOnlyDictionary<string, int> pathWords, int? blocks)
    {
        _operations = operations;
        Tokens = Array.ConvertAll(operations, o => o.Name);
        Origin = origin;
        ParameterKeys = parameterKeys;
        PathWords = pathWords;
        Blocks = blocks;
    }

    /// <summary>Operation tokens in order, starting with <c>input</c> and ending with <c>output</c> where known.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public TraceOrigin Origin { get; }

    /// <summary>DARA's <c>p</c> keys with parameters (<c>Linear ['&lt;in_features, 768&gt;', …]</c>); empty for PeaTMOSS traces.</summary>
    public IReadOnlyDictionary<string, int> ParameterKeys { get; }

    /// <summary>Words of module paths and ONNX node names (<c>self_attn</c>, <c>q_proj</c>, <c>attention</c>) with counts.</summary>
    public IReadOnlyDictionary<string, int> PathWords { get; }

    /// <summary>Repeated blocks (transformer layers) counted in the weights, where found.</summary>
    public int? Blocks { get; }

    /// <summary>The tokens with their hashes and classes, for feature extraction.</summary>
    internal ReadOnlySpan<Operation> Operations => _operations;

    /// <summary>
    /// A trace in PeaTMOSS form: operation names separated by white space (<c>"input to embedding add layernorm … output"</c>).
    /// Names are lower-cased. Throws <see cref="ClassifierInputException"/> for empty or oversized text and for tokens
    /// that are not operation names.
    /// </summary>
    public static LayerTrace FromText(string layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length > MaxTextLength)
        {
            throw new ClassifierInputException($"The layer trace has {layers.Length:N0} characters; at most {MaxTextLength:N0} are accepted.");
        }

        var operations = new List<Operation>();
        var span = layers.AsSpan();
        Span<char> lower = stackalloc char[MaxTokenLength];
        foreach (var range in span.SplitAny(" \t\r\n"))
        {
            var token = span[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (operations.Count == MaxTokens)
            {
                throw new ClassifierInputException($"The layer trace has more than {MaxTokens:N0} operations.");
            }

            if (token.Length > MaxTokenLength || !TraceVocabulary.IsOperationName(token))
            {
                throw new ClassifierInputException(
                    $"Operation {operations.Count + 1} of the layer trace ('{Excerpt(token)}') is not an operation name: expected letters, digits and _ . - : [ ], at most {MaxTokenLength} characters.");
            }

            var length = token.ToLowerInvariant(lower);
            operations.Add(OperationTable.Get(lower[..length]));
        }

        if (operations.Count == 0)
        {
            throw new ClassifierInputException("The layer trace is empty: expected operation names separated by spaces.");
        }

        return new LayerTrace([.. operations], TraceOrigin.Trace, None, None, null);
    }

    /// <summary>
    /// What a weight file would show of this trace: only the layers that hold weights, named as the engine names
    /// layers it infers from weights (<c>linear4bit</c> → <c>linear</c>, <c>debertalayernorm</c> → <c>layernorm</c>,
    /// <c>t5layernorm</c> → <c>rmsnorm</c>), with origin <see cref="TraceOrigin.Weights"/>. Training on these views
    /// teaches the classifier to read fingerprints made from safetensors headers and weight maps, which have no
    /// functions (add, view, softmax) and no torch class names. Null when the trace has no such layer.
    /// </summary>
    public LayerTrace? WeightsView()
    {
        var operations = new List<Operation> { OperationTable.Get(TraceVocabulary.Input) };
        foreach (var token in Tokens)
        {
            if (TraceVocabulary.AsWeightLayer(token) is { } layer)
            {
                operations.Add(OperationTable.Get(layer));
            }
        }

        if (operations.Count == 1)
        {
            return null;
        }

        operations.Add(OperationTable.Get(TraceVocabulary.Output));
        return new LayerTrace([.. operations], TraceOrigin.Weights, None, None, null);
    }

    /// <summary>The trace of an engine fingerprint, or null when it has no architecture (config.json alone).</summary>
    public static LayerTrace? FromFingerprint(ArchitectureFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (fingerprint.Architecture is not { } architecture || architecture.Layers.Count <= 2)
        {
            return null;
        }

        return FromArchitecture(architecture, fingerprint.Vectors);
    }

    /// <summary>The trace of what the engine read about a model; null when nothing structural was published.</summary>
    public static LayerTrace? FromReport(ModelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return FromFingerprint(report.Fingerprint);
    }

    /// <summary>The trace of an abstract architecture, with DARA's vectors computed from it when not given.</summary>
    public static LayerTrace FromArchitecture(AbstractArchitecture architecture, DaraVectors? vectors = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.Layers.Count > MaxTokens)
        {
            throw new ClassifierInputException($"The architecture has {architecture.Layers.Count:N0} layers; at most {MaxTokens:N0} are accepted.");
        }

        var origin = architecture.Basis == "onnx" ? TraceOrigin.Onnx : TraceOrigin.Weights;
        var operations = new Operation[architecture.Layers.Count];
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < operations.Length; i++)
        {
            var layer = architecture.Layers[i];
            operations[i] = OperationTable.Get(TraceVocabulary.TokenOf(layer, architecture.Basis));
            AddPathWords(layer.Path, words);
        }

        // Weight-derived layers are connected in registration order, so the token order is their l pairs' order;
        // ONNX layers are in graph order, which for exported models is execution order.
        vectors ??= DaraVectors.From(architecture);
        return new LayerTrace(operations, origin, vectors.P, words, architecture.Blocks?.Count);
    }

    /// <summary>Module path words: <c>model.layers.{n}.self_attn.q_proj</c> → model, layers, self_attn, q_proj.</summary>
    private static void AddPathWords(string path, Dictionary<string, int> words)
    {
        if (path is AbstractArchitecture.Input or AbstractArchitecture.Output)
        {
            return;
        }

        var span = path.AsSpan();
        foreach (var range in span.SplitAny("./:"))
        {
            var word = span[range];
            if (word.Length is 0 or > 48 || !char.IsAsciiLetter(word[0]) || !TraceVocabulary.IsOperationName(word))
            {
                continue;
            }

            var key = word.ToString().ToLowerInvariant();
            words[key] = words.GetValueOrDefault(key) + 1;
        }
    }

    private static string Excerpt(ReadOnlySpan<char> token)
    {
        var shown = token.Length > 40 ? token[..40] : token;
        var text = new System.Text.StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString(CultureInfo.InvariantCulture));
        }

        return token.Length > 40 ? text.Append('…').ToString() : text.ToString();
    }
}
