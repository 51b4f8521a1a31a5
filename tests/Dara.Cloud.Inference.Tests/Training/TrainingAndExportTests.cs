using System.Security.Cryptography;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Export;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Inference.Training;
using Google.Protobuf;

namespace Dara.Cloud.Inference.Tests.Training;

public sealed class TrainingAndExportTests
{
    private static readonly IReadOnlyList<LabelledTrace> Train = SyntheticTraces.Make(rowsPerKind: 12, seed: 3);
    private static readonly IReadOnlyList<LabelledTrace> Test = SyntheticTraces.Make(rowsPerKind: 4, seed: 99);

    [Theory]
    [InlineData(ClassifierFamily.MaximumEntropy)]
    [InlineData(ClassifierFamily.LightGbm)]
    [InlineData(ClassifierFamily.Mlp)]
    public void The_exported_onnx_model_scores_as_the_training_library_does(ClassifierFamily family)
    {
        var trained = new ClassifierTrainer(TrainingOptions.Default with { Family = family, BoostingRounds = 20 }).Train(Train);
        var onnx = trained.ToOnnx().ToByteArray();
        using var predictor = ModelTypePredictor.Load(onnx, ClassifierBuilder.ManifestOf(trained, Train.Count, 0, onnx));

        var traces = Test.Select(t => t.Trace).ToList();
        var predictions = predictor.PredictBatch(traces);
        foreach (var head in ClassifierHeads.All)
        {
            var expected = trained.Predict(head, traces);
            for (var row = 0; row < traces.Count; row++)
            {
                var prediction = head switch
                {
                    ClassifierHead.ModelType => predictions[row].ModelType,
                    ClassifierHead.Arch => predictions[row].Arch,
                    _ => predictions[row].Task,
                };
                var classes = trained.Labels.ClassesOf(head);
                for (var slot = 0; slot < classes.Count; slot++)
                {
                    Assert.Equal(expected[row][slot], prediction.ProbabilityOf(classes[slot]), tolerance: 1e-4);
                }
            }
        }
    }

    [Fact]
    public void A_separable_problem_is_learned()
    {
        var trained = new ClassifierTrainer().Train(Train);

        var predicted = trained.Predict(ClassifierHead.ModelType, Test.Select(t => t.Trace).ToList());
        var classes = trained.Labels.ClassesOf(ClassifierHead.ModelType);

        Assert.All(Test.Zip(predicted), p => Assert.Equal(p.First.ModelType, classes[Array.IndexOf(p.Second, p.Second.Max())]));
    }

    [Fact]
    public void Training_twice_with_one_seed_gives_identical_onnx_bytes()
    {
        var first = new ClassifierTrainer(TrainingOptions.Default with { Seed = 5 }).Train(Train).ToOnnx().ToByteArray();
        var second = new ClassifierTrainer(TrainingOptions.Default with { Seed = 5 }).Train(Train).ToOnnx().ToByteArray();

        Assert.Equal(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(second)));
    }

    [Fact]
    public void The_merged_model_has_one_input_and_a_probability_output_per_head_with_its_classes()
    {
        var trained = new ClassifierTrainer().Train(Train);

        var model = trained.ToOnnx();

        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("features", input.Name);
        Assert.Equal(trained.Options.Features.Width, input.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal(["model_type", "arch", "task"], model.Graph.Output.Select(o => o.Name));
        Assert.Equal("[\"bert\",\"t5\",\"wav2vec2\"]", model.MetadataProps.Single(p => p.Key == "dara.classes.model_type").Value);
        Assert.All(model.Graph.Node, n => Assert.Contains('/', n.Name));
        Assert.DoesNotContain(model.Graph.Output, o => o.Name.Contains("PredictedLabel", StringComparison.Ordinal));
    }

    [Fact]
    public void The_nearest_neighbour_reference_has_no_onnx_form()
    {
        var trained = new ClassifierTrainer(TrainingOptions.Default with { Family = ClassifierFamily.NearestNeighbour }).Train(Train);

        Assert.Throws<NotSupportedException>(() => trained.ToOnnx());
    }

    [Fact]
    public void A_manifest_that_describes_other_bytes_is_refused()
    {
        var trained = new ClassifierTrainer().Train(Train);
        var onnx = trained.ToOnnx().ToByteArray();
        var manifest = ClassifierBuilder.ManifestOf(trained, Train.Count, 0, onnx) with { OnnxSha256 = new string('0', 64) };

        var error = Assert.Throws<Analysis.Artifacts.ArtifactException>(() => ModelTypePredictor.Load(onnx, manifest));

        Assert.Contains("SHA-256", error.Problem, StringComparison.Ordinal);
    }
}
