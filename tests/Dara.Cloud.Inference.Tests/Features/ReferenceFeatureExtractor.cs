using System.Globalization;
using System.Numerics;

using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Tests.Features;

/// <summary>
/// The straightforward feature extraction as it was before it was optimised (every key hashed from its group seed at
/// each occurrence, one cleared table per group), kept verbatim as the reference the optimised
/// <see cref="FeatureExtractor"/> must match bit for bit: the shipped model was trained on these vectors.
/// Turns a <see cref="LayerTrace"/> into a fixed-width vector: every feature (an operation, a pair, a path word…) is
/// hashed into one of <see cref="FeatureOptions.Width"/> buckets with a sign (the hashing trick, so no vocabulary is
/// needed and unseen operations still land somewhere). Within a group, counts are damped with log(1 + n) and the group
/// is scaled to unit length times its weight, so a long trace does not outweigh a short one and no group drowns the
/// others. Deterministic across runs and machines; thread-safe.
/// </summary>
internal sealed class ReferenceFeatureExtractor
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

    /// <summary>log(1 + n) for the small whole counts nearly every feature has.</summary>
    private static readonly double[] Log1pTable = Enumerable.Range(0, 1024).Select(n => Math.Log(1 + n)).ToArray();

    [ThreadStatic]
    private static Scratch? _scratch;

    public ReferenceFeatureExtractor(FeatureOptions? options = null)
    {
        Options = options ?? FeatureOptions.Default;
        Options.Validate();
    }

    public FeatureOptions Options { get; }

    public int Width => Options.Width;

    /// <summary>Writes the features of <paramref name="trace"/> into <paramref name="destination"/> (cleared first).</summary>
    public void ExtractInto(LayerTrace trace, Span<float> destination) => ExtractInto(trace, destination, null);

    /// <summary>
    /// Writes the features of <paramref name="trace"/> into <paramref name="destination"/> and counts, on the way,
    /// the operations (input and output aside) whose hash (<see cref="Fnv(string)"/>) is not in <paramref name="known"/>.
    /// </summary>
    public (int Operations, int Unknown) ExtractInto(LayerTrace trace, Span<float> destination, IReadOnlySet<ulong>? known)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (destination.Length != Width)
        {
            throw new ClassifierInputException($"The feature buffer has {destination.Length:N0} values; this feature space has {Width:N0}.");
        }

        destination.Clear();
        var scratch = _scratch ??= new Scratch();
        var counts = scratch.Counts;
        var tokens = trace.Operations;
        var o = Options;
        var operations = 0;
        var unknown = 0;
        if (known is not null)
        {
            foreach (ref readonly var token in tokens)
            {
                if (token.Hash != InputHash && token.Hash != OutputHash)
                {
                    operations++;
                    unknown += known.Contains(token.Hash) ? 0 : 1;
                }
            }
        }

        if (o.Unigrams > 0)
        {
            scratch.Begin();
            foreach (ref readonly var token in tokens)
            {
                scratch.Add(Mix(SeedUnigram, token.Hash));
            }

            scratch.WriteTo(destination, o.Unigrams);
        }

        if (o.Pairs > 0)
        {
            scratch.Begin();
            for (var i = 1; i < tokens.Length; i++)
            {
                scratch.Add(Mix(Mix(SeedPair, tokens[i - 1].Hash), tokens[i].Hash));
            }

            scratch.WriteTo(destination, o.Pairs);
        }

        if (o.Triples > 0)
        {
            scratch.Begin();
            for (var i = 2; i < tokens.Length; i++)
            {
                scratch.Add(Mix(Mix(Mix(SeedTriple, tokens[i - 2].Hash), tokens[i - 1].Hash), tokens[i].Hash));
            }

            scratch.WriteTo(destination, o.Triples);
        }

        if (o.SkipPairs > 0)
        {
            // (a, _, b): a pair that survives one inserted or dropped operation (dropout, to, contiguous).
            scratch.Begin();
            for (var i = 2; i < tokens.Length; i++)
            {
                scratch.Add(Mix(Mix(SeedSkip, tokens[i - 2].Hash), tokens[i].Hash));
            }

            scratch.WriteTo(destination, o.SkipPairs);
        }

        if (o.LongRuns > 0)
        {
            // Runs of four and five: an attention or embedding idiom as one feature.
            scratch.Begin();
            for (var i = 3; i < tokens.Length; i++)
            {
                var run4 = Mix(Mix(Mix(Mix(SeedRun4, tokens[i - 3].Hash), tokens[i - 2].Hash), tokens[i - 1].Hash), tokens[i].Hash);
                scratch.Add(run4);
                if (i >= 4)
                {
                    scratch.Add(Mix(Mix(Mix(Mix(Mix(SeedRun5, tokens[i - 4].Hash), tokens[i - 3].Hash), tokens[i - 2].Hash), tokens[i - 1].Hash), tokens[i].Hash));
                }
            }

            scratch.WriteTo(destination, o.LongRuns);
        }

        if (o.Opening > 0)
        {
            // Pairs and triples of the opening operations, apart from the same runs later on: the embeddings
            // (bert's buffered position ids against roberta's "ne cumsum type_as" idiom) come first.
            scratch.Begin();
            var end = Math.Min(tokens.Length, OpeningLength);
            for (var i = 1; i < end; i++)
            {
                var pair = Mix(Mix(SeedOpening, tokens[i - 1].Hash), tokens[i].Hash);
                scratch.Add(pair);
                if (i >= 2)
                {
                    scratch.Add(Mix(pair, tokens[i - 2].Hash));
                }
            }

            scratch.WriteTo(destination, o.Opening);
        }

        if (o.NameParts > 0)
        {
            // Each distinct long name once, with its count: the same features (keys first added in the same order,
            // the same whole counts) as adding its n-grams at every occurrence, without redoing them per occurrence.
            var names = scratch.LongNames;
            var index = scratch.LongNameIndex;
            names.Clear();
            index.Clear();
            foreach (ref readonly var token in tokens)
            {
                if (token.NameGrams.Length == 0)
                {
                    continue;
                }

                if (index.TryGetValue(token.Hash, out var at))
                {
                    names[at] = (names[at].Grams, names[at].Count + 1);
                }
                else
                {
                    index[token.Hash] = names.Count;
                    names.Add((token.NameGrams, 1));
                }
            }

            scratch.Begin();
            foreach (var (grams, count) in names)
            {
                foreach (var gram in grams)
                {
                    scratch.Add(Mix(SeedNameGram, gram), count);
                }
            }

            scratch.WriteTo(destination, o.NameParts);
        }

        if (o.CountBins > 0)
        {
            // How often each operation occurs, binned (exact to 16, then by half powers of two): depth shows as
            // the number of softmax or layernorm calls, which the damped, normalised unigrams hide.
            scratch.Begin();
            foreach (ref readonly var token in tokens)
            {
                scratch.Add(token.Hash);
            }

            scratch.CopyCounts(counts);
            scratch.Begin();
            foreach (var (hash, count) in counts)
            {
                var bin = count <= 16 ? (ulong)count : 100 + (ulong)Math.Round(Math.Log2(count) * 2);
                scratch.Add(Mix(Mix(SeedCount, hash), bin));
            }

            scratch.WriteTo(destination, o.CountBins);
        }

        if (o.WeightLayers > 0)
        {
            // The layers holding weights, by generic class, alone and in pairs: what a weight file also shows.
            scratch.Begin();
            var previous = 0UL;
            foreach (ref readonly var token in tokens)
            {
                if (token.HoldsWeights)
                {
                    scratch.Add(Mix(SeedWeightLayer, token.Generic));
                    if (previous != 0)
                    {
                        scratch.Add(Mix(Mix(SeedWeightPair, previous), token.Generic));
                    }

                    previous = token.Generic;
                }
            }

            scratch.WriteTo(destination, o.WeightLayers);
        }

        if (o.Anchors > 0)
        {
            scratch.Begin();
            foreach (var k in PrefixLengths)
            {
                scratch.Add(Run(SeedPrefix + (ulong)k, tokens, 0, Math.Min(k, tokens.Length)));
            }

            foreach (var k in SuffixLengths)
            {
                var start = Math.Max(0, tokens.Length - k);
                scratch.Add(Run(SeedSuffix + (ulong)k, tokens, start, tokens.Length - start));
            }

            scratch.WriteTo(destination, o.Anchors);
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
            scratch.Begin();
            foreach (var (key, count) in trace.ParameterKeys)
            {
                scratch.Add(Mix(SeedParameterKey, Fnv(key)), count);
            }

            scratch.WriteTo(destination, o.ParameterKeys);
        }

        if (o.PathWords > 0 && trace.PathWords.Count > 0)
        {
            scratch.Begin();
            foreach (var (word, count) in trace.PathWords)
            {
                scratch.Add(Mix(SeedPathWord, Fnv(word)), count);
            }

            scratch.WriteTo(destination, o.PathWords);
        }

        if (o.Blocks > 0 && trace.Blocks is { } blocks)
        {
            // Exact depth up to 48 (every common depth is a feature), then a log bucket.
            var bucket = blocks <= 48 ? (ulong)blocks : 100 + (ulong)Math.Round(Math.Log2(blocks) * 2);
            OneHot(destination, Mix(SeedBlocks, bucket), o.Blocks);
        }

        return (operations, unknown);
    }

    private static void OneHot(Span<float> destination, ulong hash, float weight)
    {
        var (index, sign) = BucketOf(hash, destination.Length);
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

    /// <summary>FNV-1a 64 over UTF-16 code units, as the engine hashes keys.</summary>
    private static ulong Fnv(string text) => Fnv(text.AsSpan());

    /// <inheritdoc cref="Fnv(string)"/>
    private static ulong Fnv(ReadOnlySpan<char> text)
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

    /// <summary>The bucket (low bits) and sign (top bit) of a feature; a power-of-two width takes a mask, not a division.</summary>
    private static (int Index, float Sign) BucketOf(ulong hash, int width)
    {
        var bits = hash & 0x7FFFFFFFFFFFFFFFUL;
        var index = BitOperations.IsPow2(width) ? (int)(bits & (ulong)(width - 1)) : (int)(bits % (ulong)width);
        return (index, (hash >> 63) == 0 ? 1f : -1f);
    }

    private static double Damped(float count) =>
        count >= 0 && count < Log1pTable.Length && count == MathF.Floor(count) ? Log1pTable[(int)count] : Math.Log(1 + count);

    /// <summary>
    /// Per-thread buffers, so extraction allocates nothing per trace: one group's counts
    /// in a small open-addressing table (keys are already well-mixed hashes), remembered in insertion order so that
    /// the group is summed and written in the same order every time.
    /// </summary>
    private sealed class Scratch
    {
        private ulong[] _slotKeys = new ulong[1024];
        private float[] _slotCounts = new float[1024];
        private bool[] _slotUsed = new bool[1024];
        private int[] _order = new int[1024];
        private int _count;

        /// <summary>The distinct long operation names of a trace with their n-grams and counts, in first-seen order.</summary>
        public List<(ulong[] Grams, int Count)> LongNames { get; } = [];

        /// <summary>Where each long name (by hash) is in <see cref="LongNames"/>.</summary>
        public Dictionary<ulong, int> LongNameIndex { get; } = [];

        /// <summary>A reusable list for the distinct keys and counts of a group (see <see cref="CopyCounts"/>).</summary>
        public List<(ulong Key, float Count)> Counts { get; } = [];

        /// <summary>Copies the current group's keys and raw counts, in insertion order, into <paramref name="target"/>.</summary>
        public void CopyCounts(List<(ulong Key, float Count)> target)
        {
            target.Clear();
            for (var i = 0; i < _count; i++)
            {
                target.Add((_slotKeys[_order[i]], _slotCounts[_order[i]]));
            }
        }

        /// <summary>Starts a group: clears the slots the previous group used.</summary>
        public void Begin()
        {
            for (var i = 0; i < _count; i++)
            {
                _slotUsed[_order[i]] = false;
            }

            _count = 0;
        }

        public void Add(ulong key, float count = 1f)
        {
            // Keep the table at most half full, so probes stay short.
            if (2 * (_count + 1) > _slotKeys.Length)
            {
                Grow();
            }

            var mask = _slotKeys.Length - 1;
            var slot = (int)(key & (ulong)mask);
            while (_slotUsed[slot])
            {
                if (_slotKeys[slot] == key)
                {
                    _slotCounts[slot] += count;
                    return;
                }

                slot = (slot + 1) & mask;
            }

            _slotUsed[slot] = true;
            _slotKeys[slot] = key;
            _slotCounts[slot] = count;
            _order[_count++] = slot;
        }

        /// <summary>log(1 + count) per distinct key, the group scaled to length <paramref name="weight"/>, added into buckets.</summary>
        public void WriteTo(Span<float> destination, float weight)
        {
            if (_count == 0)
            {
                return;
            }

            var norm = 0.0;
            for (var i = 0; i < _count; i++)
            {
                var slot = _order[i];
                var damped = (float)Damped(_slotCounts[slot]);
                _slotCounts[slot] = damped;
                norm += (double)damped * damped;
            }

            var scale = weight / Math.Sqrt(norm);
            for (var i = 0; i < _count; i++)
            {
                var slot = _order[i];
                var (index, sign) = BucketOf(_slotKeys[slot], destination.Length);
                destination[index] += (float)(sign * _slotCounts[slot] * scale);
            }
        }

        private void Grow()
        {
            var keys = new ulong[_count];
            var counts = new float[_count];
            for (var i = 0; i < _count; i++)
            {
                keys[i] = _slotKeys[_order[i]];
                counts[i] = _slotCounts[_order[i]];
            }

            var size = _slotKeys.Length * 2;
            _slotKeys = new ulong[size];
            _slotCounts = new float[size];
            _slotUsed = new bool[size];
            _order = new int[size];
            _count = 0;
            for (var i = 0; i < keys.Length; i++)
            {
                Add(keys[i], counts[i]);
            }
        }
    }
}
