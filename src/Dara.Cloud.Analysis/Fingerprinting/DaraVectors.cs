namespace Dara.Cloud.Analysis.Fingerprinting;

/// <summary>
/// DARA's sparse count vectors in the paper's key formats: <c>l</c> connection pairs (<c>"(Conv2d, BatchNorm2d)"</c>),
/// <c>p</c> layers with parameters, <c>d</c> dimensions (<c>"(1, 64, 112, 112)"</c>).
/// </summary>
public sealed record DaraVectors(
    IReadOnlyDictionary<string, int> L,
    IReadOnlyDictionary<string, int> P,
    IReadOnlyDictionary<string, int> D)
{
    public static DaraVectors From(AbstractArchitecture architecture)
    {
        var l = new Dictionary<string, int>(StringComparer.Ordinal);
        var p = new Dictionary<string, int>(StringComparer.Ordinal);
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        var layers = architecture.Layers;
        foreach (var (from, to) in architecture.Edges)
        {
            Increment(l, $"({layers[from].Kind}, {layers[to].Kind})");
        }

        foreach (var layer in layers)
        {
            if (layer.Kind is AbstractArchitecture.Input or AbstractArchitecture.Output)
            {
                continue;
            }

            Increment(p, layer.ParameterKey);
            foreach (var shape in layer.Shapes)
            {
                Increment(d, $"({string.Join(", ", shape)}{(shape.Count == 1 ? "," : string.Empty)})");
            }
        }

        return new DaraVectors(l, p, d);
    }

    /// <summary>
    /// A fixed-length vector for a classifier: <c>l</c> and <c>p</c> keys hashed (FNV-1a) into <paramref name="width"/> buckets,
    /// values are counts. Stable across runs and machines.
    /// </summary>
    public float[] ToHashedVector(int width = DefaultHashedWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 8);
        var vector = new float[width];
        foreach (var (key, count) in L)
        {
            vector[Bucket("l:" + key, width)] += count;
        }

        foreach (var (key, count) in P)
        {
            vector[Bucket("p:" + key, width)] += count;
        }

        return vector;
    }

    public const int DefaultHashedWidth = 512;

    /// <summary>FNV-1a 64 over UTF-16 code units: deterministic, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int Bucket(string key, int width)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        foreach (var c in key)
        {
            hash = (hash ^ c) * prime;
        }

        return (int)(hash % (ulong)width);
    }

    private static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
}
