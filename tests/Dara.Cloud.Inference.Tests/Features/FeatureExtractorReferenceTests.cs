using CsCheck;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Features;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Inference.Tests.Features;

/// <summary>
/// The optimised <see cref="FeatureExtractor"/> against <see cref="ReferenceFeatureExtractor"/> (the extraction the
/// shipped model was trained with): the vectors must be the same bit for bit, not merely close, or the model's
/// reported metrics would no longer describe what it scores.
/// </summary>
public sealed class FeatureExtractorReferenceTests
{
    /// <summary>Every group on, including the three the shipped model leaves off, so each code path is compared.</summary>
    private static readonly FeatureOptions AllGroups = FeatureOptions.Default with { SkipPairs = 0.4f, Opening = 0.6f, CountBins = 0.3f };

    private static readonly string[] Alphabet =
    [
        "input", "output", "linear", "linear4bit", "add", "view", "layernorm", "llamarmsnorm", "conv2d", "embedding", "dropout",
        "bartscaledwordembedding", "bigbirdpegasusscaledwordembedding", "newgeluactivation", "robertaembeddings", "t5layernorm",
    ];

    [RealDataFact]
    public async Task Every_real_trace_gives_the_reference_vector_bit_for_bit()
    {
        var traces = PeatmossDataset.LoadFromRoot(RealData.Root).Select(r => r.Trace).ToList();
        traces.AddRange(traces.Select(t => t.WeightsView()).OfType<LayerTrace>().ToList());
        traces.AddRange((await RealModelTraces.LoadAsync(RealData.Root)).Select(r => r.Trace));
        var known = ShippedClassifier.Predictor.Manifest.KnownTokens.Select(FeatureExtractor.Fnv).ToHashSet();

        Assert.True(traces.Count > 900, $"only {traces.Count} real traces");
        foreach (var options in new[] { ShippedClassifier.Predictor.Manifest.Features, AllGroups })
        {
            foreach (var trace in traces)
            {
                AssertSameAsReference(options, trace, known);
            }
        }
    }

    [Fact]
    public void Random_traces_give_the_reference_vector_bit_for_bit_at_any_width() =>
        Gen.Select(Gen.Int[0, Alphabet.Length - 1].Array[1, 400], Gen.OneOf<int>(1024, 1000, 16, 4096)).Sample((sequence, width) =>
        {
            var trace = LayerTrace.FromText(string.Join(' ', sequence.Select(i => Alphabet[i])));
            AssertSameAsReference(AllGroups with { Width = width }, trace, null);
        });

    [Fact]
    public void A_trace_of_thousands_of_distinct_long_names_gives_the_reference_vector_bit_for_bit()
    {
        // About 300,000 distinct name grams: more than the group tables are sized for up front (they regrow mid-group)
        // and more than the n-gram id registry takes, so the later names are counted through the hash index instead.
        var random = new Random(3);
        var names = Enumerable.Range(0, 4_500).Select(_ => new string(Enumerable.Range(0, 24).Select(_ => (char)('a' + random.Next(26))).ToArray()));
        var trace = LayerTrace.FromText("input " + string.Join(' ', names) + " output");

        AssertSameAsReference(AllGroups, trace, null);
    }

    private static void AssertSameAsReference(FeatureOptions options, LayerTrace trace, IReadOnlySet<ulong>? known)
    {
        var expected = new float[options.Width];
        var actual = new float[options.Width];

        var expectedCounts = new ReferenceFeatureExtractor(options).ExtractInto(trace, expected, known);
        var actualCounts = new FeatureExtractor(options).ExtractInto(trace, actual, known);

        Assert.Equal(expectedCounts, actualCounts);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
