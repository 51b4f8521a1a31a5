namespace Dara.Cloud.Analysis.Fingerprinting;

/// <summary>
/// DARA's abstract PTM: layers (operation + parameters) and the connections between them, weights left out.
/// Graph entry and exit are the pseudo-layers <c>[INPUT]</c> and <c>[OUTPUT]</c>.
/// </summary>
/// <param name="Layers">Layers in graph order.</param>
/// <param name="Edges">Connections as (source index, target index) into <paramref name="Layers"/>.</param>
/// <param name="Basis">What the structure was read from: onnx, safetensors, gguf, weight-map.</param>
/// <param name="Blocks">The number of repeated blocks (transformer layers) found, with the folded prefix that repeats.</param>
public sealed record AbstractArchitecture(
    IReadOnlyList<ArchitectureLayer> Layers,
    IReadOnlyList<(int From, int To)> Edges,
    string Basis,
    RepeatedBlocks? Blocks)
{
    public const string Input = "[INPUT]";
    public const string Output = "[OUTPUT]";
}

/// <summary>One layer: where it sits (folded module path or ONNX node), what it does and its parameters.</summary>
/// <param name="Path">Module path with layer indices folded (<c>encoder.layer.{n}.attention.self.query</c>) or the ONNX node name.</param>
/// <param name="Kind">Operation: Linear, Embedding, LayerNorm, Conv2d… (weights) or the ONNX op type.</param>
/// <param name="Parameters">Named parameters in DARA's order (in_features before out_features…).</param>
/// <param name="Shapes">Weight shapes of the layer (for DARA's <c>d</c> vector).</param>
public sealed record ArchitectureLayer(string Path, string Kind, IReadOnlyList<KeyValuePair<string, string>> Parameters, IReadOnlyList<IReadOnlyList<long>> Shapes)
{
    private string? _parameterKey;

    /// <summary>DARA's <c>p</c> key: <c>Linear ['&lt;in_features, 768&gt;', '&lt;out_features, 3072&gt;']</c>, or <c>"add_ "</c> without parameters.</summary>
    public string ParameterKey => _parameterKey ??= BuildParameterKey();

    /// <summary>
    /// Writes <see cref="ParameterKey"/> into <paramref name="destination"/> without allocating it, so counting keys
    /// (DARA's <c>p</c> vector) costs a string only for a key not seen before; false when it does not fit.
    /// </summary>
    internal bool TryWriteParameterKey(Span<char> destination, out int written)
    {
        if (_parameterKey is { } known)
        {
            written = known.Length;
            return known.TryCopyTo(destination);
        }

        if (Parameters.Count == 0)
        {
            return destination.TryWrite($"{Kind}_ ", out written);
        }

        written = 0;
        if (!destination.TryWrite($"{Kind} [", out var length))
        {
            return false;
        }

        for (var i = 0; i < Parameters.Count; i++)
        {
            var separator = i == 0 ? string.Empty : ", ";
            if (!destination[length..].TryWrite($"{separator}'<{Parameters[i].Key}, {Parameters[i].Value}>'", out var part))
            {
                return false;
            }

            length += part;
        }

        if (length >= destination.Length)
        {
            return false;
        }

        destination[length++] = ']';
        written = length;
        return true;
    }

    private string BuildParameterKey()
    {
        // One way of writing the key: into a stack buffer, or for a layer with very long parameters a larger one.
        Span<char> buffer = stackalloc char[512];
        for (var size = 2048; ; size *= 2)
        {
            if (TryWriteParameterKey(buffer, out var written))
            {
                return new string(buffer[..written]);
            }

            buffer = new char[size];
        }
    }
}

/// <summary>A repeated block: the folded prefix (<c>model.layers.{n}</c>) and how many indices it has.</summary>
public sealed record RepeatedBlocks(string Prefix, int Count);
