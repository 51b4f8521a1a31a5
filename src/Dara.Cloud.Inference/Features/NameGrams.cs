using System.Collections.Concurrent;

namespace Dara.Cloud.Inference.Features;

/// <summary>
/// The character n-grams of a long operation name: model-specific module classes share parts with their kin
/// (<c>bigbirdpegasusscaledwordembedding</c> and <c>bartscaledwordembedding</c>, <c>mt5layernorm</c> and
/// <c>longt5layernorm</c>), so a class seen once still says something through the parts it shares. Short names
/// (<c>add</c>, <c>view</c>, <c>linear</c>) are their own unigram and get none. Computed once per distinct name.
/// </summary>
internal static class NameGrams
{
    /// <summary>Names shorter than this are generic functions or modules, fully described by their unigram.</summary>
    public const int MinimumNameLength = 10;

    /// <summary>
    /// Distinct n-grams given a dense id (<see cref="IdsOf"/>). Past this many, new names get no ids and are counted
    /// through the hash index instead, so hostile input cannot grow the registry (or the per-thread tables) without bound.
    /// </summary>
    public const int MaxIds = 1 << 18;

    private const int Shortest = 3;
    private const int Longest = 5;

    /// <summary>The hashes of the 3- to 5-character substrings of <paramref name="name"/>, with its ends marked.</summary>
    public static ulong[] Of(string name)
    {
        if (name.Length < MinimumNameLength)
        {
            return [];
        }

        // '^' and '$' mark the ends, so a prefix (bigbird…) and a suffix (…embedding) are features of their own.
        var marked = $"^{name}$";
        var grams = new HashSet<ulong>();
        for (var n = Shortest; n <= Longest; n++)
        {
            for (var i = 0; i + n <= marked.Length; i++)
            {
                grams.Add(FeatureExtractor.Fnv(marked.AsSpan(i, n)));
            }
        }

        return [.. grams.Order()];
    }

    private static readonly ConcurrentDictionary<ulong, int> _ids = new();
    private static int _nextId;

    /// <summary>
    /// A process-wide dense id for each of <paramref name="grams"/> (one id per distinct n-gram hash), so a trace's
    /// n-grams are counted in a plain array instead of a hash table; null when the registry is full.
    /// </summary>
    public static int[]? IdsOf(ulong[] grams)
    {
        var ids = new int[grams.Length];
        for (var i = 0; i < grams.Length; i++)
        {
            if (_ids.TryGetValue(grams[i], out var id))
            {
                ids[i] = id;
                continue;
            }

            if (Volatile.Read(ref _nextId) >= MaxIds)
            {
                return null;
            }

            // A racing caller may draw an id that is then dropped: ids stay unique per n-gram, only a few go unused.
            ids[i] = _ids.GetOrAdd(grams[i], static _ => Interlocked.Increment(ref _nextId) - 1);
        }

        return ids;
    }

    /// <summary>An upper bound on the ids handed out so far.</summary>
    public static int IdCount => Math.Min(Volatile.Read(ref _nextId), MaxIds);
}
