using System.Globalization;
using System.Runtime.InteropServices;

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
    public void ExtractInto(LayerTrace trace, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (destination.Length != Width)
        {
            throw new ClassifierInputException($"The feature buffer has {destination.Length:N0} values; this feature space has {Width:N0}.");
        }

        destination.Clear();
        var scratch = _scratch ??= new Scratch();
        var tokens = trace.Tokens;
        ReadOnlySpan<ulong> hashes = scratch.TokenHashes(tokens);
        var o = Options;

        if (o.Unigrams > 0)
        {
            var group = scratch.Begin();
            foreach (var h in hashes)
            {
                group.Add(Mix(Seed('u'), h));
            }

            group.WriteTo(destination, o.Unigrams);
        }

        if (o.Pairs > 0)
        {
            var group = scratch.Begin();
            for (var i = 1; i < hashes.Length; i++)
            {
                group.Add(Mix(Mix(Seed('l'), hashes[i - 1]), hashes[i]));
            }

            group.WriteTo(destination, o.Pairs);
        }

        if (o.Triples > 0)
        {
            var group = scratch.Begin();
            for (var i = 2; i < hashes.Length; i++)
            {
                group.Add(Mix(Mix(Mix(Seed('t'), hashes[i - 2]), hashes[i - 1]), hashes[i]));
            }

            group.WriteTo(destination, o.Triples);
        }

        if (o.WeightLayers > 0)
        {
            AddWeightLayers(tokens, scratch, destination, o.WeightLayers);
        }

        if (o.Anchors > 0)
        {
            var group = scratch.Begin();
            foreach (var k in PrefixLengths)
            {
                group.Add(Run(Seed('a') + (ulong)k, hashes, 0, Math.Min(k, hashes.Length)));
            }

            foreach (var k in SuffixLengths)
            {
                var start = Math.Max(0, hashes.Length - k);
                group.Add(Run(Seed('z') + (ulong)k, hashes, start, hashes.Length - start));
            }

            group.WriteTo(destination, o.Anchors);
        }

        if (o.Length > 0)
        {
            var bucket = (ulong)Math.Round(Math.Log2(tokens.Count + 1) * 2);
            OneHot(destination, Mix(Seed('n'), bucket), o.Length);
        }

        if (o.Origin > 0)
        {
            OneHot(destination, Mix(Seed('o'), (ulong)trace.Origin + 1), o.Origin);
        }

        if (o.ParameterKeys > 0 && trace.ParameterKeys.Count > 0)
        {
            var group = scratch.Begin();
            foreach (var (key, count) in trace.ParameterKeys)
            {
                group.Add(Mix(Seed('p'), Fnv(key)), count);
            }

            group.WriteTo(destination, o.ParameterKeys);
        }

        if (o.PathWords > 0 && trace.PathWords.Count > 0)
        {
            var group = scratch.Begin();
            foreach (var (word, count) in trace.PathWords)
            {
                group.Add(Mix(Seed('w'), Fnv(word)), count);
            }

            group.WriteTo(destination, o.PathWords);
        }

        if (o.Blocks > 0 && trace.Blocks is { } blocks)
        {
            // Exact depth up to 48 (every common depth is a feature), then a log bucket.
            var bucket = blocks <= 48 ? (ulong)blocks : 100 + (ulong)Math.Round(Math.Log2(blocks) * 2);
            OneHot(destination, Mix(Seed('b'), bucket), o.Blocks);
        }
    }

    /// <summary>The DARA key of a pair of operations, as the <c>l</c> vector writes it: <c>"(layernorm, linear)"</c>.</summary>
    public static string PairKey(string from, string to) => string.Create(CultureInfo.InvariantCulture, $"({from}, {to})");

    private static void AddWeightLayers(IReadOnlyList<string> tokens, Scratch scratch, Span<float> destination, float weight)
    {
        var group = scratch.Begin();
        var previous = 0UL;
        foreach (var token in tokens)
        {
            var generic = TraceVocabulary.GenericOf(token);
            if (!TraceVocabulary.HoldsWeights(generic))
            {
                continue;
            }

            var h = Fnv(generic);
            group.Add(Mix(Seed('g'), h));
            if (previous != 0)
            {
                group.Add(Mix(Mix(Seed('h'), previous), h));
            }

            previous = h;
        }

        group.WriteTo(destination, weight);
    }

    private static void OneHot(Span<float> destination, ulong hash, float weight)
    {
        var (index, sign) = BucketOf(hash, destination.Length);
        destination[index] += sign * weight;
    }

    private static ulong Run(ulong seed, ReadOnlySpan<ulong> hashes, int start, int count)
    {
        var h = seed;
        for (var i = start; i < start + count; i++)
        {
            h = Mix(h, hashes[i]);
        }

        return h;
    }

    private static ulong Seed(char group) => (FnvOffset ^ group) * FnvPrime;

    /// <summary>FNV-1a 64 over UTF-16 code units, as <see cref="Analysis.Fingerprinting.DaraVectors.Bucket"/> hashes keys.</summary>
    internal static ulong Fnv(string text)
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

    private static (int Index, float Sign) BucketOf(ulong hash, int width) =>
        ((int)((hash & 0x7FFFFFFFFFFFFFFFUL) % (ulong)width), (hash >> 63) == 0 ? 1f : -1f);

    /// <summary>Per-thread buffers, so extraction allocates little per trace.</summary>
    private sealed class Scratch
    {
        private readonly Dictionary<ulong, float> _counts = [];
        private readonly Dictionary<string, ulong> _tokenHashes = new(StringComparer.Ordinal);
        private ulong[] _hashes = new ulong[256];

        public Span<ulong> TokenHashes(IReadOnlyList<string> tokens)
        {
            if (_tokenHashes.Count > 65_536)
            {
                _tokenHashes.Clear();
            }

            if (_hashes.Length < tokens.Count)
            {
                _hashes = new ulong[Math.Max(tokens.Count, _hashes.Length * 2)];
            }

            var hashes = _hashes.AsSpan(0, tokens.Count);
            for (var i = 0; i < tokens.Count; i++)
            {
                ref var cached = ref CollectionsMarshal.GetValueRefOrAddDefault(_tokenHashes, tokens[i], out var exists);
                if (!exists)
                {
                    cached = Fnv(tokens[i]);
                }

                hashes[i] = cached;
            }

            return hashes;
        }

        public Group Begin()
        {
            _counts.Clear();
            return new Group(_counts);
        }
    }

    private readonly struct Group(Dictionary<ulong, float> counts)
    {
        public void Add(ulong key, float count = 1f)
        {
            ref var value = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
            value += count;
        }

        /// <summary>log(1 + count) per feature, the group scaled to length <paramref name="weight"/>, added into buckets.</summary>
        public void WriteTo(Span<float> destination, float weight)
        {
            if (counts.Count == 0)
            {
                return;
            }

            var norm = 0.0;
            foreach (var count in counts.Values)
            {
                var damped = Math.Log(1 + count);
                norm += damped * damped;
            }

            var scale = weight / Math.Sqrt(norm);
            foreach (var (key, count) in counts)
            {
                var (index, sign) = BucketOf(key, destination.Length);
                destination[index] += (float)(sign * Math.Log(1 + count) * scale);
            }
        }
    }
}

/// <summary>A sparse feature vector: <see cref="Indices"/> ascending, one value each, in a space of <see cref="Width"/>.</summary>
public sealed record SparseFeatures(int Width, int[] Indices, float[] Values);
