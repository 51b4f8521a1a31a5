using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Evaluation;
using Dara.Cloud.Inference.Export;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Inference.Training;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Inference.Tests.Scoring;

/// <summary>The shipped model against its own metrics report, on the real PeaTMOSS rows.</summary>
public sealed class ShippedModelTests
{
    [RealDataFact]
    public void The_shipped_model_reproduces_its_reported_accuracy_on_the_fixed_fold()
    {
        var report = ShippedClassifier.Metrics;
        var peatmoss = PeatmossDataset.LoadFromRoot(RealData.Root);

        Assert.Equal(3, report.ShippedModelOnFold.Count);
        foreach (var expected in report.ShippedModelOnFold)
        {
            var head = ClassifierHeads.All.Single(h => ClassifierHeads.NameOf(h) == expected.Head);

            var actual = ClassifierBuilder.CheckFold(ShippedClassifier.Predictor, peatmoss, head, report.Folds, report.Seed, expected.Fold);

            Assert.Equal(expected, actual);
        }
    }

    [RealDataFact]
    public async Task Training_on_the_other_folds_reproduces_the_reported_model_type_figure_of_the_fixed_fold()
    {
        // One training (the model_type head on four folds), with the options the shipped model records.
        var report = ShippedClassifier.Metrics;
        var options = ShippedClassifier.Predictor.Manifest.Training;
        var peatmoss = PeatmossDataset.LoadFromRoot(RealData.Root);
        var real = await RealModelTraces.LoadAsync(RealData.Root);
        var trainer = new ClassifierTrainer(options);
        var labels = LabelSpace.Of(peatmoss.Concat(real));
        var assignment = CrossValidation.FoldsOf(peatmoss, ClassifierHead.ModelType, report.Folds, report.Seed);

        var (predicted, _) = CrossValidation.PredictFold(
            trainer, labels, ClassifierHead.ModelType, FoldRows.Of(trainer, peatmoss), assignment, ClassifierBuilder.CheckedFold, FoldRows.Of(trainer, real));

        var rows = Enumerable.Range(0, peatmoss.Count).Where(i => assignment[i] == ClassifierBuilder.CheckedFold).ToArray();
        var classes = labels.ClassesOf(ClassifierHead.ModelType);
        var correct = rows.Where((row, k) => classes[LabelMetrics.ArgMax(predicted[k])] == peatmoss[row].ModelType).Count();
        var reported = report.CrossValidation.Single(h => h.Head == "model_type");
        Assert.Equal(reported.FoldRows[ClassifierBuilder.CheckedFold], rows.Length);
        Assert.Equal(reported.FoldTop1[ClassifierBuilder.CheckedFold], (double)correct / rows.Length, 12);
    }

    [RealDataFact]
    public void Every_peatmoss_row_gets_a_prediction_from_a_known_class()
    {
        var peatmoss = PeatmossDataset.LoadFromRoot(RealData.Root);

        var predictions = ShippedClassifier.Predictor.PredictBatch(peatmoss.Select(p => p.Trace).ToList());

        Assert.Equal(peatmoss.Count, predictions.Count);
        Assert.All(predictions, p => Assert.Equal(0, p.UnknownOperationShare));
        Assert.All(predictions, p => Assert.Contains(p.ModelType.Label, ShippedClassifier.Predictor.Manifest.Classes["model_type"]));
    }

    [Fact]
    public void The_report_lists_the_cross_validated_heads_beside_the_paper()
    {
        var report = ShippedClassifier.Metrics;

        Assert.Equal(["model_type", "arch", "task"], report.CrossValidation.Select(h => h.Head));
        Assert.Equal(480, report.Data.PeatmossRows);
        Assert.Equal(0.943, report.Published[0].ModelType);
        Assert.True(report.FamiliesCompared.Count >= 2);
        Assert.Contains("| model_type |", report.ToMarkdown(), StringComparison.Ordinal);
    }
}
