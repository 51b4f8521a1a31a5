using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Inference.Scoring;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Inference.Tests.Checks;

/// <summary>The checks with the shipped classifier on real ONNX files and real weight maps read without their config.</summary>
public sealed class RealClassifierCheckTests
{
    private static readonly NameChecker Checker = new(predictor: ClassifierArchitecturePredictor.Shipped);

    /// <summary>Real models with a sharded weight map, each read from the map alone: a weights-only model.</summary>
    public static TheoryData<string> WeightMaps()
    {
        var data = new TheoryData<string>();
        if (RealData.SkipReason is null)
        {
            foreach (var map in Directory.EnumerateFiles(RealData.HfConfigs, "model.safetensors.index.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RealData.HfConfigs, map));
            }
        }

        return data;
    }

    [RealDataTheory]
    [MemberData(nameof(WeightMaps))]
    public async Task A_weight_map_without_config_is_judged_as_the_classifier_s_own_rule_judges_it(string map)
    {
        var report = await ClassifierArtifacts.ReadAsync(("model.safetensors.index.json", await File.ReadAllBytesAsync(Path.Combine(RealData.HfConfigs, map))));
        var classified = ModelTypePredictor.Shipped.Predict(report);
        Assert.NotNull(classified);

        var result = Checker.Check("acme/bert-base-uncased", report);

        var contradicted = !classified.Abstained && classified.ContradictionOf("bert") is not null;
        Assert.Equal(contradicted, result.Findings.Any(f => f.Code == FindingCodes.ArchitectureMismatch));
        Assert.Equal(classified.Abstained, result.Prediction!.Abstained);
        Assert.Equal(classified.ModelType.Top.Select(t => t.Label), result.Prediction.ModelType.Select(t => t.Label));
    }

    [RealDataFact]
    public async Task A_real_llama_weight_map_named_bert_is_an_architecture_mismatch()
    {
        var map = Path.Combine(RealData.HfConfigs, "IrfanUruchi__Llama-3.1-8B-Computer-Networks-LLM", "model.safetensors.index.json");
        var report = await ClassifierArtifacts.ReadAsync(("model.safetensors.index.json", await File.ReadAllBytesAsync(map)));

        var result = Checker.Check("acme/bert-base-uncased", report);

        var finding = Assert.Single(result.Findings, f => f.Code == FindingCodes.ArchitectureMismatch);
        Assert.StartsWith("name says bert; classifier: llama ", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [RealDataFact]
    public async Task A_real_onnx_only_model_gets_a_prediction_and_an_unsure_one_decides_nothing()
    {
        var onnx = Path.Combine(RealData.Onnx, "github__onnx__onnx", "onnx", "backend", "test", "data", "light", "light_resnet50.onnx");
        var report = await ClassifierArtifacts.ReadAsync(("model.onnx", await File.ReadAllBytesAsync(onnx)));
        Assert.Null(report.Facts.ModelType);

        var result = Checker.Check("acme/bert-base-uncased", report);

        var prediction = Assert.IsType<ArchitecturePrediction>(result.Prediction);
        Assert.Equal(3, prediction.ModelType.Count);
        if (prediction.Abstained)
        {
            Assert.DoesNotContain(result.Findings, f => f.Code == FindingCodes.ArchitectureMismatch);
            Assert.Contains(result.Skipped, s => s.EndsWith("the classifier abstained", StringComparison.Ordinal));
        }
        else
        {
            Assert.True(prediction.ModelType[0].Probability >= 0.5);
        }
    }
}
