using System.Text.Json;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Reports;
using Dara.Cloud.Inference.Scoring;

namespace Dara.Cloud.Inference.Tests.Checks;

/// <summary>
/// The engine's checks with the shipped classifier plugged in: what goes into the result, when the classifier raises
/// <c>architecture-mismatch</c>, when it abstains, and that a declared model_type always wins.
/// </summary>
public sealed class PredictedArchitectureCheckTests
{
    private static readonly ClassifierArchitecturePredictor Predictor = ClassifierArchitecturePredictor.Shipped;
    private static readonly NameChecker Checker = new(predictor: Predictor);

    private static IEnumerable<Finding> Architecture(CheckResult result) => result.Findings.Where(f => f.Code == FindingCodes.ArchitectureMismatch);

    [Fact]
    public async Task A_bert_like_safetensors_header_without_config_gets_a_prediction()
    {
        var report = await ClassifierArtifacts.ReadAsync(("model.safetensors", ClassifierArtifacts.BertWeights()));
        // No config: the model type is read from the tensor names (bert.…), and the classifier still reads the structure.
        Assert.Null(report.Artifacts.Config);
        Assert.Equal("bert", report.Facts.ModelType);

        var result = Checker.Check("acme/bert-tiny", report);

        var prediction = Assert.IsType<ArchitecturePrediction>(result.Prediction);
        foreach (var top in new[] { prediction.ModelType, prediction.Arch, prediction.Task })
        {
            Assert.Equal(3, top.Count);
            Assert.True(top[0].Probability >= top[1].Probability && top[1].Probability >= top[2].Probability);
        }

        Assert.Equal(prediction.Abstained, prediction.AbstentionReason is not null);
        Assert.All(prediction.Families, f => Assert.True(f.Probability >= ArchitecturePrediction.ListedFamilyAtLeast));
    }

    [Fact]
    public async Task A_structure_larger_than_a_trace_may_be_makes_the_classifier_abstain_and_the_check_go_on()
    {
        // A weight map of 300,000 blocks is more layers than a layer trace takes: the classifier threw, failing the check.
        var map = new System.Text.StringBuilder("""{"metadata": {"total_size": 1}, "weight_map": {""");
        for (var i = 0; i < 300_000; i++)
        {
            map.Append(i == 0 ? "" : ",").Append("\"layers.").Append(i).Append(".weight\": \"model-00001-of-00002.safetensors\"");
        }

        var report = await ClassifierArtifacts.ReadAsync(("model.safetensors.index.json", System.Text.Encoding.UTF8.GetBytes(map.Append("}}").ToString())));

        var result = Checker.Check("acme/llama-7b", report);

        var prediction = Assert.IsType<ArchitecturePrediction>(result.Prediction);
        Assert.True(prediction.Abstained);
        Assert.Matches(@"^The architecture has 300,0\d\d layers; at most 262,144 are accepted$", prediction.AbstentionReason);
        Assert.Empty(prediction.ModelType);
        Assert.Empty(Architecture(result));
    }

    [Fact]
    public async Task A_llama_weight_map_named_bert_is_an_architecture_mismatch_from_the_classifier()
    {
        var report = await ClassifierArtifacts.ReadAsync(("model.safetensors.index.json", ClassifierArtifacts.LlamaWeightMap()));

        var result = Checker.Check("acme/bert-base-uncased", report);

        var finding = Assert.Single(Architecture(result));
        var llama = result.Prediction!.Families[0];
        Assert.Equal("llama", llama.Label);
        Assert.True(llama.Probability > PredictedArchitectureRule.OtherFamilyAbove);
        Assert.Equal((Severity.Warning, "A", "bert", "llama"), (finding.Severity, finding.Element, finding.Claimed, finding.Observed));
        Assert.Equal($"name says bert; classifier: llama {Math.Round(llama.Probability * 100):0}%", finding.Evidence);
        Assert.Equal(Math.Round(llama.Probability, 2), finding.Confidence);
        Assert.Equal(Verdict.Suspicious, result.Verdict);

        // The classifier's own rule (ContradictionOf) says the same.
        var contradiction = ModelTypePredictor.Shipped.Predict(report)!.ContradictionOf("bert");
        Assert.Equal("llama", contradiction?.PredictedFamily);
    }

    [Fact]
    public async Task The_same_weights_under_their_own_architecture_raise_nothing()
    {
        var report = await ClassifierArtifacts.ReadAsync(("model.safetensors.index.json", ClassifierArtifacts.LlamaWeightMap()));

        var result = Checker.Check("acme/llama-chat", report);

        Assert.Empty(Architecture(result));
        Assert.DoesNotContain(result.Skipped, s => s.StartsWith(FindingCodes.ArchitectureMismatch, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_declared_model_type_wins_over_the_classifier()
    {
        // config.json says bert; the weights look like llama. The config is evidence, the prediction only a guess.
        var report = await ClassifierArtifacts.ReadAsync(
            ("config.json", ClassifierArtifacts.Config("bert", "BertForMaskedLM")),
            ("model.safetensors.index.json", ClassifierArtifacts.LlamaWeightMap()));

        var agreeing = Checker.Check("acme/bert-base-uncased", report);
        var contradicted = Checker.Check("acme/gpt2-medium", report);

        Assert.Equal("llama", agreeing.Prediction!.Families[0].Label);
        Assert.Empty(Architecture(agreeing));
        var finding = Assert.Single(Architecture(contradicted));
        Assert.Equal((Severity.Error, "config.json: model_type", "bert (BertForMaskedLM)"), (finding.Severity, finding.Evidence, finding.Observed));
    }

    [Fact]
    public void A_prediction_under_one_half_abstains_and_raises_nothing()
    {
        var prediction = Predicted(("llama", 0.45f), ("t5", 0.35f), ("bert", 0.2f));

        var result = Checker.Check("acme/bert-base", Weightless, prediction: prediction);

        Assert.True(prediction.Abstained);
        Assert.Contains("45%", prediction.AbstentionReason, StringComparison.Ordinal);
        Assert.Empty(Architecture(result));
        Assert.Contains(result.Skipped, s => s == "architecture-mismatch: no config.json or GGUF header names the model_type and the classifier abstained");
        Assert.Same(prediction, result.Prediction);
    }

    [Theory]
    [InlineData(0.04f, 0.81f, true)]
    [InlineData(0.05f, 0.9f, false)]
    [InlineData(0.01f, 0.8f, false)]
    public void The_name_is_contradicted_only_under_5_percent_against_another_family_over_80_percent(float bert, float llama, bool contradicted)
    {
        var prediction = Predicted(("bert", bert), ("llama", llama), ("t5", 1 - bert - llama));

        var result = Checker.Check("acme/bert-base", Weightless, prediction: prediction);

        Assert.Equal(contradicted, Architecture(result).Any());
    }

    [Fact]
    public void Twins_are_one_family_so_a_camembert_named_roberta_is_no_mismatch()
    {
        var result = Checker.Check("acme/roberta-base", Weightless, prediction: Predicted(("camembert", 0.97f), ("bert", 0.03f)));

        Assert.Empty(Architecture(result));
    }

    [Fact]
    public void A_name_of_a_family_the_classifier_never_learned_is_not_judged()
    {
        Assert.DoesNotContain("mamba", Predictor.ModelTypes);

        var result = Checker.Check("acme/mamba-130m", Weightless, prediction: Predicted(("llama", 0.99f), ("t5", 0.01f)));

        Assert.Empty(Architecture(result));
        Assert.Contains(result.Skipped, s => s.StartsWith("architecture-mismatch: no config.json or GGUF header names the model_type and the classifier knows no", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_classifier_the_check_is_skipped_as_before()
    {
        var result = NameChecker.Default.Check("acme/bert-base", Weightless);

        Assert.Null(result.Prediction);
        Assert.Contains(result.Skipped, s => s == "architecture-mismatch: the artifacts name no model_type (no config.json or GGUF header)");
    }

    [Fact]
    public async Task A_prediction_read_back_from_the_check_document_decides_the_same()
    {
        var report = await ClassifierArtifacts.ReadAsync(("model.safetensors.index.json", ClassifierArtifacts.LlamaWeightMap()));
        var result = Checker.Check("acme/bert-base-uncased", report);
        var json = EngineJson.Serialize(CheckDocument.From(result, report));

        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!["prediction"];
        var readBack = EngineJson.DeserializePrediction(node);
        var again = Checker.Check("acme/bert-base-uncased", report.Facts, prediction: readBack);

        Assert.Equal(result.Findings, again.Findings);
        Assert.Equal(result.Prediction!.ModelType, readBack!.ModelType);
        Assert.Equal(result.Prediction.Families, readBack.Families);
        using var document = JsonDocument.Parse(json);
        var prediction = document.RootElement.GetProperty("prediction");
        Assert.Equal(["model_type", "arch", "task", "families", "abstained", "abstention_reason"], prediction.EnumerateObject().Select(p => p.Name));
        Assert.Equal("llama", prediction.GetProperty("model_type")[0].GetProperty("label").GetString());
    }

    [Fact]
    public void The_adapter_sums_twins_into_families_and_keeps_the_top_three()
    {
        var prediction = Predicted(("roberta", 0.5f), ("camembert", 0.3f), ("bert", 0.16f), ("t5", 0.04f));

        Assert.Equal([new PredictedLabel("roberta", 0.8), new PredictedLabel("bert", 0.16)], prediction.Families.Select(f => f with { Probability = Math.Round(f.Probability, 2) }));
        Assert.Equal(["roberta", "camembert", "bert"], prediction.ModelType.Select(t => t.Label));
        Assert.StartsWith("classifier-", Predictor.Version, StringComparison.Ordinal);
    }

    /// <summary>Facts of a model whose artifacts declare no model_type.</summary>
    private static ModelFacts Weightless { get; } = new();

    /// <summary>A prediction with these model_type probabilities over the shipped model's classes, through the real adapter.</summary>
    private static ArchitecturePrediction Predicted(params (string Label, float Probability)[] probabilities)
    {
        var classes = Predictor.ModelTypes.ToList();
        var values = classes.Select(c => probabilities.FirstOrDefault(p => p.Label == c).Probability).ToArray();
        var other = new LabelPrediction(["a", "b", "c"], [0.5f, 0.3f, 0.2f]);
        return Predictor.ToEngine(new ClassifierPrediction(new LabelPrediction(classes, values), other, other, 0, 100));
    }
}
