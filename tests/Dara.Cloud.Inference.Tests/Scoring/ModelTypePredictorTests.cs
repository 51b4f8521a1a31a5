using System.Text;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Inference.Features;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Inference.Training;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Inference.Tests.Scoring;

/// <summary>The shipped model, loaded from the assembly: shape of its answers, batching, threads, bad input.</summary>
public sealed class ModelTypePredictorTests
{
    private const string BertLikeTrace =
        "input to to embedding add add layernorm dropout to to to to linear4bit view permute transpose matmul div add softmax dropout matmul " +
        "permute contiguous view to linear4bit dropout add layernorm to linear4bit geluactivation to linear4bit dropout add layernorm output";

    private static ModelTypePredictor Predictor => ModelTypePredictor.Shipped;

    [Fact]
    public void A_prediction_has_the_top_three_of_each_label_most_probable_first()
    {
        var prediction = Predictor.Predict(LayerTrace.FromText(BertLikeTrace));

        foreach (var label in new[] { prediction.ModelType, prediction.Arch, prediction.Task })
        {
            Assert.Equal(3, label.Top.Count);
            Assert.True(label.Top[0].Probability >= label.Top[1].Probability && label.Top[1].Probability >= label.Top[2].Probability);
            Assert.Equal(1, label.SumBy(c => "all")[0].Probability, 3);
            Assert.Equal(label.Top[0].Probability, label.ProbabilityOf(label.Label), 6);
        }

        Assert.Equal(prediction.ModelType.Probability, prediction.Confidence);
        Assert.Equal(0, prediction.UnknownOperationShare);
    }

    [Fact]
    public void Batched_predictions_equal_one_by_one_predictions()
    {
        var traces = Traces(300);

        var batched = Predictor.PredictBatch(traces);

        // The same rows scored one at a time: the same classes; probabilities to float precision (the matrix
        // product sums in another order for another batch size).
        for (var i = 0; i < traces.Count; i += 37)
        {
            var single = Predictor.Predict(traces[i]);
            foreach (var (one, many) in new[] { (single.ModelType, batched[i].ModelType), (single.Arch, batched[i].Arch), (single.Task, batched[i].Task) })
            {
                Assert.Equal(one.Top.Select(t => t.Label), many.Top.Select(t => t.Label));
                Assert.All(one.Top.Zip(many.Top), p => Assert.Equal(p.First.Probability, p.Second.Probability, tolerance: 1e-5));
            }
        }
    }

    [Fact]
    public void Concurrent_callers_share_one_session_and_get_the_same_answers()
    {
        var traces = Traces(64);
        var expected = Predictor.PredictBatch(traces).Select(p => p.Arch.Top).ToArray();

        var results = new IReadOnlyList<ScoredLabel>[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
            results[worker] = Predictor.PredictBatch(traces).Select(p => p.Arch.Top).ToArray());

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Feature_vectors_of_the_wrong_width_are_refused()
    {
        var error = Assert.Throws<ClassifierInputException>(() => Predictor.PredictFeatures(new float[2 * 100], 2));

        Assert.Equal($"The feature vectors have 100 values each; the model expects {Predictor.Width:N0}.", error.Message);
        Assert.Throws<ClassifierInputException>(() => Predictor.PredictFeatures(new float[Predictor.Width + 1], 1));
    }

    [Fact]
    public void Feature_vectors_of_the_right_width_are_scored_like_traces()
    {
        var trace = LayerTrace.FromText(BertLikeTrace);
        var features = new float[Predictor.Width];
        new FeatureExtractor(Predictor.Manifest.Features).ExtractInto(trace, features);

        var fromFeatures = Predictor.PredictFeatures(features, 1)[0];

        Assert.Equal(Predictor.Predict(trace).ModelType.Top, fromFeatures.ModelType.Top);
    }

    [Fact]
    public void A_trace_of_unknown_operations_abstains_as_out_of_distribution()
    {
        var prediction = Predictor.Predict(LayerTrace.FromText("input frobnicate quux zork output"));

        Assert.Equal(1, prediction.UnknownOperationShare);
        Assert.True(prediction.Abstained);
        Assert.Equal("none of the 3 operations is known to the classifier", prediction.AbstentionReason);
    }

    [Fact]
    public void A_trace_mostly_of_unknown_operations_abstains()
    {
        var prediction = Predictor.Predict(LayerTrace.FromText("input linear frobnicate quux zork output"));

        Assert.Equal(0.75, prediction.UnknownOperationShare, 6);
        Assert.Contains("out of distribution", prediction.AbstentionReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_with_only_an_onnx_graph_gets_a_prediction()
    {
        var source = new InMemoryArtifactSource().Add("model.onnx", OnnxSampleModels.ConvNetWithControlFlow().ToBytes());
        var report = ModelReport.From(await new ModelInspector().InspectAsync(source));
        Assert.Null(report.Artifacts.Config);

        var prediction = Predictor.Predict(report);

        Assert.NotNull(prediction);
        Assert.Equal(3, prediction.ModelType.Top.Count);
        Assert.InRange(prediction.UnknownOperationShare, 0, 0.5);
    }

    [Fact]
    public async Task A_model_with_only_safetensors_weights_gets_a_prediction()
    {
        var weights = new SafetensorsBuilder()
            .Add("model.embed_tokens.weight", "F16", 320, 64)
            .Add("model.layers.0.self_attn.q_proj.weight", "F16", 64, 64)
            .Add("model.layers.0.self_attn.k_proj.weight", "F16", 64, 64)
            .Add("model.layers.0.self_attn.v_proj.weight", "F16", 64, 64)
            .Add("model.layers.0.self_attn.o_proj.weight", "F16", 64, 64)
            .Add("model.layers.0.mlp.gate_proj.weight", "F16", 172, 64)
            .Add("model.layers.0.mlp.up_proj.weight", "F16", 172, 64)
            .Add("model.layers.0.mlp.down_proj.weight", "F16", 64, 172)
            .Add("model.layers.0.input_layernorm.weight", "F16", 64)
            .Add("model.layers.0.post_attention_layernorm.weight", "F16", 64)
            .Add("model.norm.weight", "F16", 64)
            .Add("lm_head.weight", "F16", 320, 64)
            .ToBytes();
        var source = new InMemoryArtifactSource().Add("model.safetensors", weights);

        var prediction = Predictor.Predict(ModelReport.From(await new ModelInspector().InspectAsync(source)));

        Assert.NotNull(prediction);
        Assert.Equal(0, prediction.UnknownOperationShare);
        Assert.Contains(prediction.ModelType.Top, t => t.Label == "llama");
    }

    [Fact]
    public async Task A_model_with_only_a_config_has_nothing_to_classify()
    {
        var source = new InMemoryArtifactSource().Add("config.json", Encoding.UTF8.GetBytes("""{"model_type": "bert", "architectures": ["BertModel"]}"""));

        Assert.Null(Predictor.Predict(ModelReport.From(await new ModelInspector().InspectAsync(source))));
    }

    [Fact]
    public void The_shipped_model_says_what_it_was_trained_on()
    {
        var manifest = Predictor.Manifest;

        Assert.Equal(ClassifierFamily.MaximumEntropy, manifest.Training.Family);
        Assert.Equal(480, manifest.TrainingRows["peatmoss"]);
        Assert.True(manifest.TrainingRows["real-model"] > 0);
        Assert.Contains("bert", manifest.Classes["model_type"]);
        Assert.Contains("BertForMaskedLM", manifest.Classes["arch"]);
        Assert.Contains("text-classification", manifest.Classes["task"]);
        Assert.Contains("layernorm", manifest.KnownTokens);
    }

    [Fact]
    public void The_shipped_model_files_are_under_5_MB()
    {
        var assembly = typeof(ModelTypePredictor).Assembly;
        var total = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Dara.Cloud.Inference.Model.", StringComparison.Ordinal))
            .Sum(n => assembly.GetManifestResourceStream(n)!.Length);

        Assert.InRange(total, 1, 5 * 1024 * 1024);
    }

    /// <summary>Varied traces from the shipped model's own vocabulary (seeded, so every run scores the same rows).</summary>
    internal static IReadOnlyList<LayerTrace> Traces(int count)
    {
        var tokens = Predictor.Manifest.KnownTokens.Where(t => t is not "input" and not "output").ToArray();
        var random = new Random(42);
        return Enumerable.Range(0, count)
            .Select(_ => LayerTrace.FromText("input " + string.Join(' ', Enumerable.Range(0, random.Next(5, 300)).Select(_ => tokens[random.Next(tokens.Length)])) + " output"))
            .ToList();
    }
}
