using System.Runtime.InteropServices;

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
        var lKeys = l.GetAlternateLookup<ReadOnlySpan<char>>();
        var pKeys = p.GetAlternateLookup<ReadOnlySpan<char>>();
        var dKeys = d.GetAlternateLookup<ReadOnlySpan<char>>();

        // Keys repeat across a model's blocks, so each distinct pair of kinds and each distinct layer is counted first
        // and its key written once (into this buffer, allocated only the first time it is seen). Both counts keep
        // first-seen order, so the vectors list their keys in the order the layers first show them.
        Span<char> key = stackalloc char[KeyBufferLength];
        var layers = architecture.Layers;
        var pairs = new Dictionary<(string From, string To), int>();
        foreach (var (from, to) in architecture.Edges)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(pairs, (layers[from].Kind, layers[to].Kind), out _)++;
        }

        foreach (var ((from, to), count) in pairs)
        {
            if (key.TryWrite($"({from}, {to})", out var written))
            {
                Add(lKeys, key[..written], count);
            }
            else
            {
                Add(lKeys, $"({from}, {to})", count);
            }
        }

        // Blocks share their layer objects (WeightArchitecture infers a repeated module once), so layers are counted by reference.
        var distinctLayers = new Dictionary<ArchitectureLayer, int>(ReferenceEqualityComparer.Instance);
        foreach (var layer in layers)
        {
            if (layer.Kind is not (AbstractArchitecture.Input or AbstractArchitecture.Output))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(distinctLayers, layer, out _)++;
            }
        }

        foreach (var (layer, count) in distinctLayers)
        {
            Add(pKeys, layer.TryWriteParameterKey(key, out var written) ? key[..written] : layer.ParameterKey, count);
            foreach (var shape in layer.Shapes)
            {
                Add(dKeys, TryWriteShapeKey(shape, key, out written) ? key[..written] : ShapeKey(shape), count);
            }
        }

        return new DaraVectors(l, p, d);
    }

    private const int KeyBufferLength = 512;

    /// <summary><see cref="TryWriteShapeKey"/> for a shape too long for the shared buffer.</summary>
    private static string ShapeKey(IReadOnlyList<long> shape)
    {
        for (var size = KeyBufferLength * 4; ; size *= 2)
        {
            var buffer = new char[size];
            if (TryWriteShapeKey(shape, buffer, out var written))
            {
                return new string(buffer, 0, written);
            }
        }
    }

    /// <summary>DARA's <c>d</c> key, a Python tuple (<c>(768, 3072)</c>, <c>(768,)</c>), written into <paramref name="destination"/>; false when it does not fit.</summary>
    private static bool TryWriteShapeKey(IReadOnlyList<long> shape, Span<char> destination, out int written)
    {
        written = 0;
        if (destination.IsEmpty)
        {
            return false;
        }

        var length = 0;
        destination[length++] = '(';
        for (var i = 0; i < shape.Count; i++)
        {
            var separator = i == 0 ? string.Empty : ", ";
            if (!destination[length..].TryWrite($"{separator}{shape[i]}", out var part))
            {
                return false;
            }

            length += part;
        }

        var closing = shape.Count == 1 ? ",)" : ")";
        if (!closing.TryCopyTo(destination[length..]))
        {
            return false;
        }

        written = length + closing.Length;
        return true;
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

    private static void Add(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> counts, ReadOnlySpan<char> key, int count) =>
        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += count;
}
