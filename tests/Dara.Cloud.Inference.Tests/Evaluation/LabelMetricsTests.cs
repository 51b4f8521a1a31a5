using Dara.Cloud.Inference.Evaluation;

namespace Dara.Cloud.Inference.Tests.Evaluation;

public sealed class LabelMetricsTests
{
    private static readonly string[] Classes = ["bert", "camembert", "roberta", "t5"];

    [Fact]
    public void Top_1_top_3_macro_f1_and_families_are_counted_from_the_predictions()
    {
        // Rows: bert→bert, roberta→camembert (twins), t5→bert (truth 3rd), camembert→camembert, t5→t5.
        int[] truths = [0, 2, 3, 1, 3];
        float[][] probabilities =
        [
            [0.7f, 0.1f, 0.1f, 0.1f],
            [0.1f, 0.5f, 0.3f, 0.1f],
            [0.4f, 0.3f, 0.05f, 0.25f],
            [0.1f, 0.6f, 0.2f, 0.1f],
            [0.1f, 0.1f, 0.1f, 0.7f],
        ];
        string Family(string modelType) => modelType == "camembert" ? "roberta" : modelType;

        var metrics = LabelMetrics.Score("model_type", Classes, truths, probabilities, [0, 1, 0, 1, 0], [false, false, false, false, true], Family);

        Assert.Equal(5, metrics.Rows);
        Assert.Equal(4, metrics.Classes);
        Assert.Equal(3 / 5.0, metrics.Top1, 6);
        Assert.Equal(5 / 5.0, metrics.Top3, 6);
        Assert.Equal(4 / 5.0, metrics.FamilyTop1!.Value, 6);
        Assert.Equal(1, metrics.UnseenClassRows);
        Assert.Equal(2 / 4.0, metrics.SeenClassTop1, 6);
        Assert.Equal([2 / 3.0, 1 / 2.0], metrics.FoldTop1);
        Assert.Equal([3, 2], metrics.FoldRows);

        // Per class F1: bert 2/3, camembert 2/3, roberta 0, t5 2/3 → mean 0.5.
        Assert.Equal(0.5, metrics.MacroF1, 6);
        Assert.Equal(
            [new Confusion("roberta", "camembert", 1, SameFamily: true), new Confusion("t5", "bert", 1, SameFamily: false)],
            metrics.Confusions);
    }

    [Fact]
    public void Ties_go_to_the_first_class()
    {
        Assert.Equal(1, LabelMetrics.ArgMax([0.1f, 0.45f, 0.45f]));
    }

    [Fact]
    public void A_head_without_families_reports_none()
    {
        var metrics = LabelMetrics.Score("task", Classes, [0], [[1f, 0, 0, 0]], [0], [false], familyOf: null);

        Assert.Null(metrics.FamilyTop1);
        Assert.Equal(1, metrics.Top1);
    }
}
