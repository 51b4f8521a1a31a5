using System.Globalization;

namespace Dara.Cloud.Inference.Features;

/// <summary>
/// Turns a <see cref="LayerTrace"/> into a fixed-width vector: every feature (an operation, a pair, a path word…) is
/// hashed into one of <see cref="FeatureOptions.Width"/> buckets with a sign (the hashing trick, so no vocabulary is
/// needed and unseen operations still land somewhere). Within a group, counts are damped with log(1 + n) and the group
/// is scaled to unit length times its weight, so a long trace does not outweigh a short one and no group drowns the
/// others. Deterministic across runs and machines; thread-safe.
/// </summary>
public sealed class FeatureExtractor
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private static readonly int[] PrefixLengths = [2, 4, 6, 8, 12];
    private static readonly int[] SuffixLengths = [2, 4, 8];

    /// <summary>Operations read as the opening of a trace: the embeddings and the first block's start.</summary>
    private const int OpeningLength = 24;

    /// <summary>The pseudo-operations every trace starts and ends with: not counted as operations.</summary>
    private static readonly ulong InputHash = Fnv(TraceVocabulary.Input);
    private static readonly ulong OutputHash = Fnv(TraceVocabulary.Output);

    private static readonly ulong SeedUnigram = Seed('u');
    private static readonly ulong SeedPair = Seed('l');
    private static readonly ulong SeedTriple = Seed('t');
    private static readonly ulong SeedWeightLayer = Seed('g');
    private static readonly ulong SeedWeightPair = Seed('h');
    private static readonly ulong SeedPrefix = Seed('a');
    private static readonly ulong SeedSuffix = Seed('z');
    private static readonly ulong SeedLength = Seed('n');
    private static readonly ulong SeedOrigin = Seed('o');
    private static readonly ulong SeedParameterKey = Seed('p');
    private static readonly ulong SeedPathWord = Seed('w');
    private static readonly ulong SeedBlocks = Seed('b');
    private static readonly ulong SeedSkip = Seed('s');
    private static readonly ulong SeedRun4 = Seed('4');
    private static readonly ulong SeedRun5 = Seed('5');
    private static readonly ulong SeedCount = Seed('c');
    private static readonly ulong SeedNameGram = Seed('k');
    private static readonly ulong SeedOpening = Seed('e');

    [ThreadStatic]
    private static Scratch? _scratch;

    public FeatureExtractor(FeatureOptions? options = null)
    {
        Options = options ?? FeatureOptions.Default;
        Options.Validate();
    }

    public FeatureOptions Options { get; }

    public int Width => Options.Width;

    /// <summary>The features of one trace as a sparse vector (indices ascending).</summary>
    public SparseFeatures Extract(LayerTrace trace)
    {
        var dense = new float[Width];
        ExtractInto(trace, dense);
        var count = 0;
        foreach (var value in dense)
        {
            count += value != 0 ? 1 : 0;
        }

        var indices = new int[count];
        var values = new float[count];
        for (int i = 0, j = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0)
            {
                indices[j] = i;
                values[j++] = dense[i];
            }
        }

        return new SparseFeatures(Width, indices, values);
    }

    /// <summary>Writes the features of <paramref name="trace"/> into <paramref name="destination"/> (cleared first).</summary>
    public void ExtractInto(LayerTrace trace, Span<float> destination) => ExtractInto(trace, destination, null);

    /// <summary>
    /// Writes the features of <paramref name="trace"/> into <paramref name="destination"/> and counts, on the way,
    /// the operations (input and output aside) whose hash (<see cref="Fnv(string)"/>) is not in <paramref name="known"/>.
    /// </summary>
    internal (int Operations, int Unknown) ExtractInto(LayerTrace trace, Span<float> destination, IReadOnlySet<ulong>? known)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (destination.Length != Width)
        {
            throw new ClassifierInputException($"The feature buffer has {destination.Length:N0} values; this feature space has {Width:N0}.");
        }

        destination.Clear();
        var scratch = _scratch ??= new Scratch();
        var group = scratch.Group;
        var tokens = trace.Operations;
        var o = Options;
        var (operations, unknown) = known is null ? (0, 0) : CountUnknown(tokens, known);

        // Each group's keys start from the operation's precomputed first step (Operation.Keys: the group's seed mixed
        // with the first operation), which is the same value the full chain Mix(Mix(seed, a), b)… computes first.
        if (o.Unigrams > 0)
        {
            CountUnigrams(tokens, group);
            group.WriteTo(destination, o.Unigrams);
        }

        if (o.Pairs > 0)
        {
            CountPairs(tokens, group);
            group.WriteTo(destination, o.Pairs);
        }

        if (o.Triples > 0)
        {
            CountTriples(tokens, group);
            group.WriteTo(destination, o.Triples);
        }

        if (o.SkipPairs > 0)
        {
            CountSkipPairs(tokens, group);
            group.WriteTo(destination, o.SkipPairs);
        }

        if (o.LongRuns > 0)
        {
            CountLongRuns(tokens, group);
            group.WriteTo(destination, o.LongRuns);
        }

        if (o.Opening > 0)
        {
            CountOpening(tokens, group);
            group.WriteTo(destination, o.Opening);
        }

        if (o.NameParts > 0)
        {
            CountNameParts(tokens, group, scratch);
            group.WriteTo(destination, o.NameParts);
        }

        if (o.CountBins > 0)
        {
            CountBins(tokens, group, scratch);
            group.WriteTo(destination, o.CountBins);
        }

        if (o.WeightLayers > 0)
        {
            CountWeightLayers(tokens, group);
            group.WriteTo(destination, o.WeightLayers);
        }

        if (o.Anchors > 0)
        {
            CountAnchors(tokens, group);
            group.WriteTo(destination, o.Anchors);
        }

        if (o.Length > 0)
        {
            var bucket = (ulong)Math.Round(Math.Log2(tokens.Length + 1) * 2);
            OneHot(destination, Mix(SeedLength, bucket), o.Length);
        }

        if (o.Origin > 0)
        {
            OneHot(destination, Mix(SeedOrigin, (ulong)trace.Origin + 1), o.Origin);
        }

        if (o.ParameterKeys > 0 && trace.ParameterKeys.Count > 0)
        {
            CountParameterKeys(trace, group);
            group.WriteTo(destination, o.ParameterKeys);
        }

        if (o.PathWords > 0 && trace.PathWords.Count > 0)
        {
            CountPathWords(trace, group);
            group.WriteTo(destination, o.PathWords);
        }

        if (o.Blocks > 0 && trace.Blocks is { } blocks)
        {
            // Exact depth up to 48 (every common depth is a feature), then a log bucket.
            var bucket = blocks <= 48 ? (ulong)blocks : 100 + (ulong)Math.Round(Math.Log2(blocks) * 2);
            OneHot(destination, Mix(SeedBlocks, bucket), o.Blocks);
        }

        return (operations, unknown);
    }

    /// <summary>The operations of a trace (input and output aside), and how many of them are not in <paramref name="known"/>.</summary>
    private static (int Operations, int Unknown) CountUnknown(ReadOnlySpan<Operation> tokens, IReadOnlySet<ulong> known)
    {
        var operations = 0;
        var unknown = 0;
        foreach (ref readonly var token in tokens)
        {
            if (token.Hash != InputHash && token.Hash != OutputHash)
            {
                operations++;
                unknown += known.Contains(token.Hash) ? 0 : 1;
            }
        }

        return (operations, unknown);
    }

    /// <summary>Each operation.</summary>
    private static void CountUnigrams(ReadOnlySpan<Operation> tokens, GroupCounts group)
    {
        group.Begin(tokens.Length);
        foreach (ref readonly var token in tokens)
        {
            group.Add(token.Keys.Unigram);
        }
    }

    /// <summary>Adjacent pairs of operations: DARA's <c>l</c> vector.</summary>
    private static void CountPairs(ReadOnlySpan<Operation> tokens, GroupCounts group)
    {
        group.Begin(tokens.Length);
        for (var i = 1; i < tokens.Length; i++)
        {
            group.Add(Mix(tokens[i - 1].Keys.Pair, tokens[i].Hash));
        }
    }

    /// <summary>Runs of three operations.</summary>
    private static void CountTriples(ReadOnlySpan<Operation> tokens, GroupCounts group)
    {
        group.Begin(tokens.Length);
        for (var i = 2; i < tokens.Length; i++)
        {
            group.Add(Mix(Mix(tokens[i - 2].Keys.Triple, tokens[i - 1].Hash), tokens[i].Hash));
        }
    }

    /// <summary>(a, _, b): a pair that survives one inserted or dropped operation (dropout, to, contiguous).</summary>
    private static void CountSkipPairs(ReadOnlySpan<Operation> tokens, GroupCounts group)
    {
        group.Begin(tokens.Length);
        for (var i = 2; i < tokens.Length; i++)
        {
            group.Add(Mix(tokens[i - 2].Keys.Skip, tokens[i].Hash));
        }
    }

    /// <summary>Runs of four and five: an attention or embedding idiom as one feature.</summary>
    private static void CountLongRuns(ReadOnlySpan<Operation> tokens, GroupCounts group)
    {
        group.Begin(2 * tokens.Length);
        for (var i = 3; i < tokens.Length; i++)
        {
            group.Add(Mix(Mix(Mix(tokens[i - 3].Keys.Run4, tokens[i - 2].Hash), tokens[i - 1].Hash), tokens[i].Hash));
            if (i >= 4)
            {
                group.Add(Mix(Mix(Mix(Mix(tokens[i - 4].Keys.Run5, tokens[i - 3].Hash), tokens[i - 2].Hash), tokens[i - 1].Hash), tokens[i].Hash));
            }
        }
    }

    /// <summary>
    /// Pairs and triples of the opening operations, apart from the same runs later on: the embeddings (bert's buffered
    /// position ids against roberta's "ne cumsum type_as" idiom) come first.
    /// </summary>
    private static void CountOpening(ReadOnlySpan<Operation> tokens, GroupCounts group)
    {
        var end = Math.Min(tokens.Length, OpeningLength);
        group.Begin(2 * end);
        for (var i = 1; i < end; i++)
        {
            var pair = Mix(tokens[i - 1].Keys.Opening, tokens[i].Hash);
            group.Add(pair);
            if (i >= 2)
            {
                group.Add(Mix(pair, tokens[i - 2].Hash));
            }
        }
    }

    /// <summary>
    /// Each distinct long name once, with its count: the same features (keys first added in the same order, the same
    /// whole counts) as adding its n-grams at every occurrence, without redoing them per occurrence.
    /// </summary>
    private static void CountNameParts(ReadOnlySpan<Operation> tokens, GroupCounts group, Scratch scratch)
    {
        var names = scratch.Distinct;
        var grams = scratch.NameGrams;
        var expected = 0;
        var dense = true;
        names.Begin(tokens.Length);
        grams.Clear();
        foreach (ref readonly var token in tokens)
        {
            if (token.NameGrams.Length != 0 && names.Add(token.Hash))
            {
                grams.Add(token.Keys);
                expected += token.NameGrams.Length;
                dense &= token.Keys.NameGramIds is not null;
            }
        }

        // Different n-grams have different ids and different keys (Mix with a fixed seed is a bijection), so
        // counting by id is counting by key, without hashing: names share many n-grams (emb, ing, ^ro), and this
        // group adds as many keys as the rest together.
        group.Begin(expected, dense ? Features.NameGrams.IdCount : 0);
        var counts = names.Counts;
        for (var n = 0; n < grams.Count; n++)
        {
            var count = counts[n];
            var keys = grams[n].NameGrams;
            if (dense)
            {
                var ids = grams[n].NameGramIds!;
                for (var g = 0; g < keys.Length; g++)
                {
                    group.AddById(ids[g], keys[g], count);
                }
            }
            else
            {
                foreach (var key in keys)
                {
                    group.Add(key, count);
                }
            }
        }
    }

    /// <summary>
    /// How often each operation occurs, binned (exact to 16, then by half powers of two): depth shows as the number of
    /// softmax or layernorm calls, which the damped, normalised unigrams hide.
    /// </summary>
    private static void CountBins(ReadOnlySpan<Operation> tokens, GroupCounts group, Scratch scratch)
    {
        var distinct = scratch.Distinct;
        distinct.Begin(tokens.Length);
        foreach (ref readonly var token in tokens)
        {
            distinct.Add(token.Hash);
        }

        group.Begin(distinct.Count);
        var hashes = distinct.Keys;
        var counts = distinct.Counts;
        for (var i = 0; i < hashes.Length; i++)
        {
            var count = counts[i];
            var bin = count <= 16 ? (ulong)count : 100 + (ulong)Math.Round(Math.Log2(count) * 2);
            group.Add(Mix(Mix(SeedCount, hashes[i]), bin));
        }
    }

    /// <summary>
    /// The layers holding weights, by generic class, alone and in pairs: what a weight file also shows.
    /// </summary>
    private static void CountWeightLayers(ReadOnlySpan<Operation> tokens, GroupCounts group)
    {
        group.Begin(2 * tokens.Length);
        var previous = 0UL;
        var previousPair = 0UL;
        foreach (ref readonly var token in tokens)
        {
            if (token.HoldsWeights)
            {
                group.Add(token.Keys.WeightLayer);
                if (previous != 0)
                {
                    group.Add(Mix(previousPair, token.Generic));
                }

                previous = token.Generic;
                previousPair = token.Keys.WeightPair;
            }
        }
    }

    /// <summary>
    /// The runs that open the trace (2 to 12 operations) and that close it (2 to 8): the embeddings and the head's end.
    /// </summary>
    private static void CountAnchors(ReadOnlySpan<Operation> tokens, GroupCounts group)
    {
        group.Begin(PrefixLengths.Length + SuffixLengths.Length);
        foreach (var k in PrefixLengths)
        {
            group.Add(Run(SeedPrefix + (ulong)k, tokens, 0, Math.Min(k, tokens.Length)));
        }

        foreach (var k in SuffixLengths)
        {
            var start = Math.Max(0, tokens.Length - k);
            group.Add(Run(SeedSuffix + (ulong)k, tokens, start, tokens.Length - start));
        }
    }

    /// <summary>The weight names of a fingerprint read from weights, by their parameter key.</summary>
    private static void CountParameterKeys(LayerTrace trace, GroupCounts group)
    {
        group.Begin(trace.ParameterKeys.Count);
        foreach (var (key, count) in trace.ParameterKeys)
        {
            group.Add(Mix(SeedParameterKey, Fnv(key)), count);
        }
    }

    /// <summary>The words of a fingerprint's module paths.</summary>
    private static void CountPathWords(LayerTrace trace, GroupCounts group)
    {
        group.Begin(trace.PathWords.Count);
        foreach (var (word, count) in trace.PathWords)
        {
            group.Add(Mix(SeedPathWord, Fnv(word)), count);
        }
    }

    /// <summary>The DARA key of a pair of operations, as the <c>l</c> vector writes it: <c>"(layernorm, linear)"</c>.</summary>
    public static string PairKey(string from, string to) => string.Create(CultureInfo.InvariantCulture, $"({from}, {to})");

    /// <summary>
    /// The first step of every group's key for one operation (its group seed mixed with the operation), so that
    /// extraction does not recompute them per occurrence; <see cref="Operation"/> holds them.
    /// </summary>
    internal static OperationKeys KeysOf(ulong hash, ulong generic, ulong[] nameGrams) => new(
        Unigram: Mix(SeedUnigram, hash),
        Pair: Mix(SeedPair, hash),
        Triple: Mix(SeedTriple, hash),
        Skip: Mix(SeedSkip, hash),
        Run4: Mix(SeedRun4, hash),
        Run5: Mix(SeedRun5, hash),
        Opening: Mix(SeedOpening, hash),
        WeightLayer: Mix(SeedWeightLayer, generic),
        WeightPair: Mix(SeedWeightPair, generic),
        NameGrams: Array.ConvertAll(nameGrams, gram => Mix(SeedNameGram, gram)),
        NameGramIds: Features.NameGrams.IdsOf(nameGrams));

    private static void OneHot(Span<float> destination, ulong hash, float weight)
    {
        var (index, sign) = GroupCounts.BucketOf(hash, destination.Length);
        destination[index] += sign * weight;
    }

    private static ulong Run(ulong seed, ReadOnlySpan<Operation> tokens, int start, int count)
    {
        var h = seed;
        for (var i = start; i < start + count; i++)
        {
            h = Mix(h, tokens[i].Hash);
        }

        return h;
    }

    /// <summary>A group's seed: the FNV-1a hash of its one-letter name, so groups never share a key.</summary>
    private static ulong Seed(char group) => (FnvOffset ^ group) * FnvPrime;

    /// <summary>FNV-1a 64 over UTF-16 code units, as <see cref="Analysis.Fingerprinting.DaraVectors.Bucket"/> hashes keys.</summary>
    internal static ulong Fnv(string text) => Fnv(text.AsSpan());

    /// <inheritdoc cref="Fnv(string)"/>
    internal static ulong Fnv(ReadOnlySpan<char> text)
    {
        var hash = FnvOffset;
        foreach (var c in text)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }

    /// <summary>Combines a running hash with the next part (splitmix64 finaliser): order matters, (a, b) ≠ (b, a).</summary>
    private static ulong Mix(ulong hash, ulong next)
    {
        var z = (hash ^ (next + 0x9E3779B97F4A7C15UL + (hash << 6) + (hash >> 2))) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Per-thread buffers, so extraction allocates nothing per trace once they have grown to fit.</summary>
    private sealed class Scratch
    {
        /// <summary>The counts of the feature group being built.</summary>
        public GroupCounts Group { get; } = new();

        /// <summary>The distinct operations of a trace (long names, or all for the binned counts), in first-seen order.</summary>
        public GroupCounts Distinct { get; } = new();

        /// <summary>The n-gram keys (and ids) of each distinct long name, in the order of <see cref="Distinct"/>.</summary>
        public List<OperationKeys> NameGrams { get; } = [];
    }
}

/// <summary>The first step of each feature group's key for one operation (see <see cref="FeatureExtractor.KeysOf"/>).</summary>
internal readonly record struct OperationKeys(
    ulong Unigram, ulong Pair, ulong Triple, ulong Skip, ulong Run4, ulong Run5, ulong Opening, ulong WeightLayer, ulong WeightPair, ulong[] NameGrams, int[]? NameGramIds);

/// <summary>A sparse feature vector: <see cref="Indices"/> ascending, one value each, in a space of <see cref="Width"/>.</summary>
public sealed record SparseFeatures(int Width, int[] Indices, float[] Values);
