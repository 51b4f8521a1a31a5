using System.Text.Json;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Grains.Analysis;
using Dara.Cloud.Inference.Scoring;

namespace Dara.Cloud.Grains.Tests;

/// <summary>The model grain's verdict carries the shipped classifier's prediction, as the silo wires it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelPredictionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_verdict_carries_the_prediction_of_its_check_document_and_keeps_it_in_storage()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-base-uncased");

        var submitted = await model.SubmitAsync(Artifacts.Upload(Artifacts.LlamaWeightMapOnly()));
        await fixture.DeactivateAsync(model);
        var stored = (await model.GetAsync())!.Current!;

        var prediction = Assert.IsType<PredictionRecord>(stored.Prediction);
        Assert.Equal(submitted.Current!.Prediction!.ModelType, prediction.ModelType);
        using var document = JsonDocument.Parse(stored.DocumentJson);
        var written = document.RootElement.GetProperty("prediction");
        foreach (var (label, top) in new[] { ("model_type", prediction.ModelType), ("arch", prediction.Arch), ("task", prediction.Task) })
        {
            Assert.Equal(3, top.Count);
            Assert.Equal(written.GetProperty(label).EnumerateArray().Select(t => t.GetProperty("label").GetString()), top.Select(t => t.Label));
        }

        Assert.Equal("llama", prediction.ModelType[0].Label);
        Assert.False(prediction.Abstained);
        Assert.Contains(FindingCodes.ArchitectureMismatch, stored.FindingCodes);
        Assert.Equal("suspicious", stored.Verdict);
    }

    [Fact]
    public async Task A_policy_recheck_keeps_the_prediction_and_what_it_decides()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/BERT_Base");
        var analysed = (await model.SubmitAsync(Artifacts.Upload(Artifacts.LlamaWeightMapOnly()))).Current!;

        var rechecked = (await model.RecheckAsync(PolicyRecord.Default with { Lowercase = true, Severity = "warning" })).Current!;

        Assert.Equal(analysed.Prediction!.ModelType, rechecked.Prediction!.ModelType);
        Assert.Contains(FindingCodes.ArchitectureMismatch, rechecked.FindingCodes);
        Assert.Contains(FindingCodes.Convention, rechecked.FindingCodes);
    }

    [Fact]
    public void The_engine_version_names_the_classifier_so_retraining_analyses_again()
    {
        var predictor = ClassifierArchitecturePredictor.Shipped;

        var version = new EngineIdentity(predictor).Version;

        Assert.Equal($"{new EngineIdentity().Version}.{predictor.Version}", version);
        Assert.EndsWith(ModelTypePredictor.Shipped.Manifest.OnnxSha256[..12], version, StringComparison.OrdinalIgnoreCase);
    }
}
