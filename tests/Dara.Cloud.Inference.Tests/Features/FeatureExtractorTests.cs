using CsCheck;
using Dara.Cloud.Analysis.Fingerprinting;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Tests.Features;

public sealed class FeatureExtractorTests
{
    private static readonly FeatureOptions None = new()
    {
        Unigrams = 0, Pairs = 0, Triples = 0, WeightLayers = 0, Anchors = 0, Length = 0, Origin = 0, ParameterKeys = 0, PathWords = 0, Blocks = 0,
        SkipPairs = 0, LongRuns = 0, Opening = 0, NameParts = 0, CountBins = 0,
    };

    [Fact]
    public void The_same_trace_gives_the_same_vector_every_time()
    {
        var extractor = new FeatureExtractor();
        var trace = LayerTrace.FromText("input to embedding add add layernorm dropout linear4bit view permute matmul softmax output");

        var first = extractor.Extract(trace);
        var second = new FeatureExtractor().Extract(LayerTrace.FromText("input to embedding add add layernorm dropout linear4bit view permute matmul softmax output"));

        Assert.Equal(first.Indices, second.Indices);
        Assert.Equal(first.Values, second.Values);
        Assert.Equal(FeatureOptions.Default.Width, first.Width);
        Assert.InRange(first.Indices.Length, 20, 200);
        Assert.True(first.Indices.SequenceEqual(first.Indices.Order()), "indices ascend");
    }

    [Fact]
    public void A_group_is_scaled_to_its_weight_whatever_the_trace_length()
    {
        var extractor = new FeatureExtractor(None with { Unigrams = 1, Width = 1 << 16 });
        var shortTrace = extractor.Extract(LayerTrace.FromText("input linear output"));
        var longTrace = extractor.Extract(LayerTrace.FromText(string.Join(' ', Enumerable.Repeat("linear relu", 500))));

        Assert.Equal(1, Norm(shortTrace), 5);
        Assert.Equal(1, Norm(longTrace), 5);
    }

    [Fact]
    public void Counts_are_damped_with_log1p()
    {
        var extractor = new FeatureExtractor(None with { Unigrams = 1, Width = 1 << 16 });

        var features = extractor.Extract(LayerTrace.FromText("add add add linear"));

        // log(1 + 3) and log(1 + 1), normalised together.
        var expected = new[] { Math.Log(4), Math.Log(2) }.Select(v => v / Math.Sqrt((Math.Log(4) * Math.Log(4)) + (Math.Log(2) * Math.Log(2))));
        Assert.Equal(expected.Order(), features.Values.Select(v => (double)Math.Abs(v)).Order(), new Tolerance(1e-6));
    }

    [Fact]
    public void Pairs_keep_their_order()
    {
        var extractor = new FeatureExtractor(None with { Pairs = 1, Width = 1 << 16 });

        var forward = extractor.Extract(LayerTrace.FromText("layernorm linear"));
        var backward = extractor.Extract(LayerTrace.FromText("linear layernorm"));

        Assert.NotEqual(forward.Indices, backward.Indices);
        Assert.Equal("(layernorm, linear)", FeatureExtractor.PairKey("layernorm", "linear"));
    }

    [Fact]
    public void Kindred_module_classes_share_name_parts_but_short_names_have_none()
    {
        var extractor = new FeatureExtractor(None with { NameParts = 1, Width = 1 << 16 });

        var bart = extractor.Extract(LayerTrace.FromText("bartscaledwordembedding"));
        var pegasus = extractor.Extract(LayerTrace.FromText("bigbirdpegasusscaledwordembedding"));
        var gelu = extractor.Extract(LayerTrace.FromText("newgeluactivation"));
        var shortNames = extractor.Extract(LayerTrace.FromText("input add view linear output"));

        Assert.InRange(Cosine(bart, pegasus), 0.3, 0.99);
        Assert.InRange(Cosine(bart, gelu), -0.1, 0.15);
        Assert.Empty(shortNames.Indices);
    }

    [Fact]
    public void Runs_of_four_and_five_set_apart_idioms_that_differ_in_one_operation()
    {
        // roberta's position ids with and without the cumsum: most pairs and triples agree, fewer long runs do.
        var longRuns = new FeatureExtractor(None with { LongRuns = 1, Width = 1 << 16 });
        var shortRuns = new FeatureExtractor(None with { Pairs = 1, Triples = 1, Width = 1 << 16 });
        var withCumsum = LayerTrace.FromText("input to to ne int cumsum type_as add mul long add embedding add layernorm dropout");
        var without = LayerTrace.FromText("input to to ne int type_as add mul long add embedding add layernorm dropout");

        var shortSimilarity = Cosine(shortRuns.Extract(withCumsum), shortRuns.Extract(without));
        var longSimilarity = Cosine(longRuns.Extract(withCumsum), longRuns.Extract(without));

        Assert.True(longSimilarity < shortSimilarity - 0.1, $"long runs {longSimilarity:F2}, pairs and triples {shortSimilarity:F2}");
    }

    [Fact]
    public void Binned_counts_tell_depths_apart()
    {
        var extractor = new FeatureExtractor(None with { CountBins = 1, Width = 1 << 16 });
        var unigrams = new FeatureExtractor(None with { Unigrams = 1, Width = 1 << 16 });
        var six = string.Join(' ', Enumerable.Repeat("softmax", 6));
        var twelve = string.Join(' ', Enumerable.Repeat("softmax", 12));

        Assert.Equal(1, Cosine(unigrams.Extract(LayerTrace.FromText(six)), unigrams.Extract(LayerTrace.FromText(twelve))), 5);
        Assert.Equal(0, Cosine(extractor.Extract(LayerTrace.FromText(six)), extractor.Extract(LayerTrace.FromText(twelve))), 5);
    }

    [Fact]
    public void Traces_and_weight_files_meet_in_the_layers_that_hold_weights()
    {
        // A traced encoder block and the same modules read from weight names (in the engine's registration order:
        // embeddings, then query/key/value, then the output LayerNorm and dense) share the weight-layer features.
        var extractor = new FeatureExtractor(None with { WeightLayers = 1, Width = 1 << 16 });
        var traced = extractor.Extract(LayerTrace.FromText(
            "input to embedding add add layernorm dropout linear4bit view permute linear4bit linear4bit matmul softmax dropout add layernorm linear4bit output"));
        var fromWeights = extractor.Extract(LayerTrace.FromArchitecture(WeightArchitecture.FromNames(
            [
                "embeddings.word_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
                "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.key.weight",
                "encoder.layer.0.attention.self.value.weight", "encoder.layer.0.attention.output.dense.weight",
                "encoder.layer.0.attention.output.LayerNorm.weight", "encoder.layer.0.attention.output.LayerNorm.bias",
            ],
            "weight-map")));

        Assert.Equal(1, Cosine(traced, fromWeights), 5);
    }

    [Fact]
    public void Unseen_operations_still_land_in_a_bucket()
    {
        var features = new FeatureExtractor().Extract(LayerTrace.FromText("input brand_new_op another_new_op output"));

        Assert.NotEmpty(features.Values);
        Assert.All(features.Values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void A_buffer_of_the_wrong_width_is_refused()
    {
        var extractor = new FeatureExtractor();

        var error = Assert.Throws<ClassifierInputException>(() => extractor.ExtractInto(LayerTrace.FromText("linear"), new float[100]));

        Assert.Contains("100", error.Message, StringComparison.Ordinal);
        Assert.Contains("1,024", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(2_000_000)]
    public void Widths_outside_the_supported_range_are_refused(int width) =>
        Assert.Throws<ClassifierInputException>(() => new FeatureExtractor(FeatureOptions.Default with { Width = width }));

    [Fact]
    public void Any_trace_gives_finite_features_bounded_by_the_group_weights()
    {
        var weightSum = new[] { 1f, 1f, 0.7f, 0.5f, 0.5f, 0.3f, 0.5f, 0.7f, 0.5f }.Sum();
        string[] tokens = ["input", "output", "linear", "linear4bit", "add", "view", "layernorm", "llamarmsnorm", "conv2d", "embedding", "x_y"];
        Gen.Int[0, tokens.Length - 1].Array[1, 300].Sample(sequence =>
        {
            var features = new FeatureExtractor().Extract(LayerTrace.FromText(string.Join(' ', sequence.Select(i => tokens[i]))));
            Assert.All(features.Values, v => Assert.True(float.IsFinite(v)));
            Assert.InRange(Norm(features), 0.1, weightSum);
        });
    }

    private static double Norm(SparseFeatures features) => Math.Sqrt(features.Values.Sum(v => (double)v * v));

    private static double Cosine(SparseFeatures a, SparseFeatures b)
    {
        var right = b.Indices.Zip(b.Values).ToDictionary(p => p.First, p => (double)p.Second);
        var dot = a.Indices.Zip(a.Values).Sum(p => p.Second * right.GetValueOrDefault(p.First));
        return dot / (Norm(a) * Norm(b));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
