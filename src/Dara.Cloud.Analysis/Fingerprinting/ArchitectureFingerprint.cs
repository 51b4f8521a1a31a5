namespace Dara.Cloud.Analysis.Fingerprinting;

/// <summary>A model's architecture fingerprint: the abstract architecture, DARA's vectors and a structural hash.</summary>
/// <param name="Architecture">The abstract PTM (null when only config.json was published).</param>
/// <param name="Vectors">DARA's l, p and d count vectors (empty without an architecture).</param>
/// <param name="Hash">SHA-256 (hex) of the canonical structure, weights and dtypes ignored: equal for the same architecture
/// whatever the file order or sharding.</param>
/// <param name="HashBasis">What the hash covers: tensors (names and shapes), onnx (graph), weight-map (names + config), config.</param>
public sealed record ArchitectureFingerprint(
    AbstractArchitecture? Architecture,
    DaraVectors Vectors,
    string Hash,
    string HashBasis)
{
    public int LayerCount => Architecture is null ? 0 : Math.Max(0, Architecture.Layers.Count - 2);

    public int EdgeCount => Architecture?.Edges.Count ?? 0;

    public RepeatedBlocks? Blocks => Architecture?.Blocks;

    /// <summary>The most frequent layer kinds, for summaries ("Linear ×73, LayerNorm ×25…").</summary>
    public IReadOnlyList<KeyValuePair<string, int>> TopLayerKinds(int count = 6) =>
        Architecture is null
            ? []
            : Architecture.Layers
                .Where(l => l.Kind is not AbstractArchitecture.Input and not AbstractArchitecture.Output)
                .GroupBy(l => l.Kind, StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, g.Count()))
                .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(count)
                .ToList();
}
