using Dara.Cloud.Inference.Scoring;

namespace Dara.Cloud.Inference.Tests.Scoring;

public sealed class FamilyContradictionTests
{
    private static readonly string[] ModelTypes = ["bert", "camembert", "dpr", "llama", "roberta", "t5"];

    [Fact]
    public void A_name_family_under_5_percent_against_another_over_80_percent_is_a_contradiction()
    {
        var prediction = Predict(("bert", 0.03f), ("llama", 0.9f), ("t5", 0.07f));

        var contradiction = prediction.ContradictionOf("bert", Family);

        Assert.NotNull(contradiction);
        Assert.Equal("bert", contradiction.NameFamily);
        Assert.Equal(0.03, contradiction.NameFamilyProbability, 6);
        Assert.Equal("llama", contradiction.PredictedFamily);
        Assert.Equal(0.9, contradiction.PredictedFamilyProbability, 6);
    }

    [Fact]
    public void Twins_are_one_family_so_a_camembert_called_roberta_is_no_contradiction()
    {
        var prediction = Predict(("camembert", 0.95f), ("roberta", 0.01f), ("t5", 0.04f));

        Assert.Null(prediction.ContradictionOf("roberta", Family));
        Assert.Null(prediction.ContradictionOf("camembert", Family));
    }

    [Fact]
    public void Twins_add_up_against_a_name_of_another_family()
    {
        // Neither twin reaches 80 % alone; their family does.
        var prediction = Predict(("roberta", 0.45f), ("camembert", 0.4f), ("bert", 0.02f), ("t5", 0.13f));

        Assert.Equal("roberta", prediction.ContradictionOf("bert", Family)?.PredictedFamily);
    }

    [Theory]
    [InlineData(0.06f, 0.9f)]
    [InlineData(0.01f, 0.79f)]
    public void Below_either_threshold_there_is_no_contradiction(float nameProbability, float otherProbability)
    {
        var prediction = Predict(("bert", nameProbability), ("llama", otherProbability), ("t5", 1 - nameProbability - otherProbability));

        Assert.Null(prediction.ContradictionOf("bert", Family));
    }

    [Fact]
    public void A_name_of_a_family_the_classifier_never_saw_cannot_be_judged()
    {
        var prediction = Predict(("llama", 0.99f), ("t5", 0.01f));

        Assert.Null(prediction.ContradictionOf("mamba", Family));
    }

    [Fact]
    public void An_out_of_distribution_prediction_contradicts_nothing()
    {
        var prediction = Predict(unknownShare: 0.8, ("llama", 0.99f), ("bert", 0.01f));

        Assert.True(prediction.Abstained);
        Assert.Contains("out of distribution", prediction.AbstentionReason, StringComparison.Ordinal);
        Assert.Null(prediction.ContradictionOf("bert", Family));
    }

    [Fact]
    public void A_top_probability_under_one_half_abstains()
    {
        var prediction = Predict(("llama", 0.45f), ("t5", 0.35f), ("bert", 0.2f));

        Assert.True(prediction.ModelType.Abstained);
        Assert.Contains("45%", prediction.AbstentionReason, StringComparison.Ordinal);
        Assert.Equal(["llama", "t5", "bert"], prediction.ModelType.Top.Select(t => t.Label));
    }

    [Fact]
    public void The_default_families_are_the_naming_vocabulary_s()
    {
        var prediction = Predict(("camembert", 0.97f), ("bert", 0.03f));

        Assert.Null(prediction.ContradictionOf("roberta"));
        Assert.Equal("roberta", prediction.ContradictionOf("bert")?.PredictedFamily);
    }

    private static string Family(string modelType) => modelType switch
    {
        "camembert" => "roberta",
        "dpr" => "bert",
        _ => modelType,
    };

    private static ClassifierPrediction Predict(params (string Label, float Probability)[] probabilities) => Predict(0, probabilities);

    private static ClassifierPrediction Predict(double unknownShare, params (string Label, float Probability)[] probabilities)
    {
        var values = ModelTypes.Select(m => probabilities.FirstOrDefault(p => p.Label == m).Probability).ToArray();
        var modelType = new LabelPrediction(ModelTypes, values);
        var other = new LabelPrediction(["a", "b"], [0.6f, 0.4f]);
        return new ClassifierPrediction(modelType, other, other, unknownShare, 10);
    }
}
