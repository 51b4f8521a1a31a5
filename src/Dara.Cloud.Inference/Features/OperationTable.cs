using System.Collections.Concurrent;

namespace Dara.Cloud.Inference.Features;

/// <summary>What feature extraction needs of one operation name, worked out once per distinct name.</summary>
/// <param name="Name">The lower-case name (one shared string per distinct name).</param>
/// <param name="Hash">FNV-1a of the name (<see cref="FeatureExtractor.Fnv(string)"/>).</param>
/// <param name="Generic">FNV-1a of its generic class (<see cref="TraceVocabulary.GenericOf"/>).</param>
/// <param name="HoldsWeights">Whether the class holds weights (<see cref="TraceVocabulary.HoldsWeights"/>).</param>
/// <param name="NameGrams">Hashes of the name's character n-grams (<see cref="NameGrams.Of"/>): empty for short names.</param>
internal readonly record struct Operation(string Name, ulong Hash, ulong Generic, bool HoldsWeights, ulong[] NameGrams)
{
    /// <summary>The first step of each feature group's key for this operation, worked out once per name, not per trace.</summary>
    public OperationKeys Keys { get; } = FeatureExtractor.KeysOf(Hash, Generic, NameGrams);
}

/// <summary>
/// A process-wide table of the operation names seen (about 130 in the PeaTMOSS traces, a few hundred ONNX ops), so
/// that a trace's names are hashed and classified once, not per trace, and identical names share one string. The
/// table stops growing at <see cref="MaxEntries"/>: names beyond it are described afresh each time, so hostile input
/// cannot grow memory without bound.
/// </summary>
internal static class OperationTable
{
    public const int MaxEntries = 65_536;

    private static readonly ConcurrentDictionary<string, Operation> _byName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Operation>.AlternateLookup<ReadOnlySpan<char>> _bySpan =
        _byName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The operation named <paramref name="lowerName"/> (already lower-case).</summary>
    public static Operation Get(ReadOnlySpan<char> lowerName)
    {
        if (_bySpan.TryGetValue(lowerName, out var known))
        {
            return known;
        }

        var name = lowerName.ToString();
        var generic = TraceVocabulary.GenericOf(name);
        var operation = new Operation(name, FeatureExtractor.Fnv(name), FeatureExtractor.Fnv(generic), TraceVocabulary.HoldsWeights(generic), Features.NameGrams.Of(name));
        return _byName.Count < MaxEntries ? _byName.GetOrAdd(name, operation) : operation;
    }

    /// <summary>The operation named <paramref name="name"/>, lower-cased first.</summary>
    public static Operation Get(string name)
    {
        Span<char> lower = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        name.AsSpan().ToLowerInvariant(lower);
        return Get(lower);
    }
}
