using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Evaluation;
using Dara.Cloud.Inference.Features;
using Dara.Cloud.Inference.Tests.Training;
using Dara.Cloud.Inference.Training;

namespace Dara.Cloud.Inference.Tests.Evaluation;

/// <summary>
/// The ceiling <c>dara eval classifier --given-model-type</c> measures: arch and task scored with each row's true
/// model_type given. When two model types have the same traces and their arch and task follow the model_type alone,
/// no trace can tell them apart, but the given model_type can.
/// </summary>
public sealed class ModelTypeGivenTests
{
    private static readonly IReadOnlyList<LabelledTrace> Twins = SyntheticTraces.Make(rowsPerKind: 6, seed: 7)
        .SelectMany(row => new[]
        {
            row with { Id = row.Id + "-alpha", ModelType = "alpha", Arch = "AlphaForMaskedLM", Task = "fill-mask" },
            row with { Id = row.Id + "-beta", ModelType = "beta", Arch = "BetaForSequenceClassification", Task = "text-classification" },
        })
        .ToArray();

    [Fact]
    public void With_identical_traces_only_the_given_model_type_decides_arch_and_task()
    {
        var evaluation = CrossValidation.Run(Twins, [], TrainingOptions.Default, folds: 3, givenModelType: true);

        var given = Assert.IsType<ModelTypeGivenEvaluation>(evaluation.GivenModelType);
        Assert.Equal(["arch", "task"], given.Trained.Select(h => h.Head));
        Assert.Equal(["arch", "task"], given.Majority.Select(h => h.Head));
        foreach (var head in ModelTypeGivenEvaluation.Heads)
        {
            var name = ClassifierHeads.NameOf(head);
            // Every trace occurs once per model type, so from the trace alone a head is right at most half the time.
            Assert.InRange(evaluation.Of(head).Top1, 0, 0.55);
            Assert.Equal(1.0, given.Trained.Single(h => h.Head == name).Top1, 6);
            Assert.Equal(1.0, given.Majority.Single(h => h.Head == name).Top1, 6);
            Assert.Equal(Twins.Count, given.Trained.Single(h => h.Head == name).Rows);
        }
    }

    [Fact]
    public void The_given_model_type_is_measured_only_when_asked_for()
    {
        var evaluation = CrossValidation.Run(Twins, [], TrainingOptions.Default with { Family = ClassifierFamily.NearestNeighbour }, folds: 3);

        Assert.Null(evaluation.GivenModelType);
    }

    [Fact]
    public void The_given_model_type_is_one_feature_beyond_the_hashed_width_and_views_get_it_too()
    {
        var trainer = new ClassifierTrainer(TrainingOptions.Default);
        var labels = LabelSpace.Of(Twins);
        var rows = FoldRows.Of(trainer, Twins);

        var given = rows.WithModelTypeGiven(labels);

        var width = trainer.Extractor.Width;
        for (var i = 0; i < Twins.Count; i++)
        {
            // Every synthetic trace has layers with weights, so every row has a weights view.
            var view = Assert.IsType<SparseFeatures>(rows.Views[i]);
            var givenView = Assert.IsType<SparseFeatures>(given.Views[i]);
            foreach (var (plain, withType) in new[] { (rows.Features[i], given.Features[i]), (view, givenView) })
            {
                Assert.Equal(width + 2, withType.Width);
                Assert.Equal([.. plain.Indices, width + labels.IndexOf(ClassifierHead.ModelType, Twins[i].ModelType)], withType.Indices);
                Assert.Equal([.. plain.Values, CrossValidation.GivenModelTypeValue], withType.Values);
            }
        }
    }
}
