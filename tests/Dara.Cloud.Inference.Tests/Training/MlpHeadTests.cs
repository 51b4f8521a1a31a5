using System.Security.Cryptography;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Features;
using Dara.Cloud.Inference.Training;
using Google.Protobuf;

namespace Dara.Cloud.Inference.Tests.Training;

public sealed class MlpHeadTests
{
    private static readonly IReadOnlyList<LabelledTrace> Train = SyntheticTraces.Make(rowsPerKind: 12, seed: 3);
    private static readonly IReadOnlyList<LabelledTrace> Test = SyntheticTraces.Make(rowsPerKind: 4, seed: 99);

    /// <summary>A narrow network, so each test trains in milliseconds; the paper's widths are the default.</summary>
    private static readonly TrainingOptions Small = TrainingOptions.Default with
    {
        Family = ClassifierFamily.Mlp,
        Mlp = MlpOptions.Default with { HiddenLayers = [64, 32], MaximumEpochs = 40 },
    };

    [Fact]
    public void The_mlp_learns_a_separable_problem_for_every_head()
    {
        var trained = new ClassifierTrainer(Small).Train(Train);
        var traces = Test.Select(t => t.Trace).ToList();

        foreach (var head in ClassifierHeads.All)
        {
            var classes = trained.Labels.ClassesOf(head);
            var predicted = trained.Predict(head, traces);
            Assert.All(Test.Zip(predicted), p => Assert.Equal(p.First.LabelOf(head), classes[Array.IndexOf(p.Second, p.Second.Max())]));
        }
    }

    [Fact]
    public void Mlp_probabilities_sum_to_one_for_every_row()
    {
        var trained = new ClassifierTrainer(Small).Train(Train);

        var predicted = trained.Predict(ClassifierHead.Arch, Test.Select(t => t.Trace).ToList());

        Assert.All(predicted, p => Assert.Equal(1.0, p.Sum(v => (double)v), 4));
    }

    [Fact]
    public void Training_the_mlp_twice_with_one_seed_gives_identical_onnx_bytes()
    {
        var first = new ClassifierTrainer(Small with { Seed = 5 }).Train(Train).ToOnnx().ToByteArray();
        var second = new ClassifierTrainer(Small with { Seed = 5 }).Train(Train).ToOnnx().ToByteArray();

        Assert.Equal(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(second)));
    }

    [Fact]
    public void Another_seed_gives_another_network()
    {
        var first = new ClassifierTrainer(Small with { Seed = 5 }).Train(Train).ToOnnx().ToByteArray();
        var second = new ClassifierTrainer(Small with { Seed = 6 }).Train(Train).ToOnnx().ToByteArray();

        Assert.NotEqual(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(second)));
    }

    [Fact]
    public void The_exported_mlp_is_plain_onnx_with_a_weight_matrix_per_layer()
    {
        var model = new ClassifierTrainer(Small).Train(Train).ToOnnx();

        Assert.Subset(new HashSet<string> { "ReduceL2", "Max", "Div", "MatMul", "Add", "Relu", "Softmax" }, model.Graph.Node.Select(n => n.OpType).ToHashSet());
        var width = Small.Features.Width;
        var modelTypeWeights = model.Graph.Initializer.Where(i => i.Name.StartsWith("model_type/W", StringComparison.Ordinal)).Select(i => i.Dims.ToArray()).ToList();
        Assert.Equal([[width, 64], [64, 32], [32, 3]], modelTypeWeights);
    }

    [Fact]
    public void Without_an_inner_split_the_mlp_trains_every_epoch()
    {
        var (rows, slots) = ModelTypeRows();
        var options = Small with { Mlp = Small.Mlp with { ValidationShare = 0, MaximumEpochs = 7 } };

        var head = MlpHead.Train(rows, slots, 3, options);

        Assert.Equal(7, head.EpochsTrained);
    }

    [Fact]
    public void Early_stopping_stops_soon_when_the_held_out_rows_cannot_be_learned()
    {
        // Labels by row position, not by kind (the rows cycle through the four kinds): nothing carries over to the
        // held-out rows, so their errors stop improving early and training ends a patience later.
        var (rows, _) = ModelTypeRows();
        var noise = rows.Select((_, i) => i / 4 % 3).ToList();
        var options = Small with { Mlp = Small.Mlp with { ValidationShare = 0.25f, MaximumEpochs = 200, Patience = 3 } };

        var head = MlpHead.Train(rows, noise, 3, options);

        Assert.InRange(head.EpochsTrained, 1, 50);
    }

    [Fact]
    public void A_row_of_another_width_is_refused()
    {
        var (rows, slots) = ModelTypeRows();
        var head = MlpHead.Train(rows, slots, 3, Small);

        var error = Assert.Throws<ClassifierInputException>(() => head.Predict([new SparseFeatures(16, [0], [1f])]));

        Assert.Contains("16", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1f, 0.1f)]
    [InlineData(0.3f, 1f)]
    [InlineData(-0.1f, 0.1f)]
    public void Dropout_or_validation_share_outside_zero_to_one_is_refused(float dropout, float validationShare)
    {
        var (rows, slots) = ModelTypeRows();
        var options = Small with { Mlp = Small.Mlp with { Dropout = dropout, ValidationShare = validationShare } };

        Assert.Throws<ArgumentException>(() => MlpHead.Train(rows, slots, 3, options));
    }

    [Fact]
    public void A_network_without_hidden_layers_is_refused()
    {
        var (rows, slots) = ModelTypeRows();

        Assert.Throws<ArgumentException>(() => MlpHead.Train(rows, slots, 3, Small with { Mlp = Small.Mlp with { HiddenLayers = [] } }));
    }

    private static (List<SparseFeatures> Rows, List<int> Slots) ModelTypeRows()
    {
        var extractor = new FeatureExtractor(Small.Features);
        var labels = LabelSpace.Of(Train);
        return (
            Train.Select(t => extractor.Extract(t.Trace)).ToList(),
            Train.Select(t => labels.IndexOf(ClassifierHead.ModelType, t.ModelType)).ToList());
    }
}
