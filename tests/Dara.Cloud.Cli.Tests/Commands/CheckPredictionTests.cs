using System.Text.Json;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary><c>dara check</c> with the shipped classifier: the prediction in JSON and in the table, for models without config.json.</summary>
public sealed class CheckPredictionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dara-cli-prediction-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A folder holding only a 32-layer LLaMA's weight map: no config.json says what the model is.</summary>
    private string LlamaWeightsOnly()
    {
        var folder = Path.Combine(_root, "acme__weights");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors.index.json"), WeightMapSamples.Llama32Layers());
        return folder;
    }

    [Fact]
    public async Task Check_json_has_the_top_three_per_label_with_probabilities_and_whether_the_classifier_abstained()
    {
        var run = await CliRun.RunAsync("check", LlamaWeightsOnly(), "--name", "acme/bert-base-uncased", "--format", "json");

        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        var prediction = json.RootElement.GetProperty("prediction");
        foreach (var label in new[] { "model_type", "arch", "task" })
        {
            var top = prediction.GetProperty(label).EnumerateArray().ToList();
            Assert.Equal(3, top.Count);
            Assert.All(top, t => Assert.InRange(t.GetProperty("probability").GetDouble(), 0, 1));
            Assert.All(top, t => Assert.False(string.IsNullOrEmpty(t.GetProperty("label").GetString())));
        }

        Assert.Equal("llama", prediction.GetProperty("model_type")[0].GetProperty("label").GetString());
        Assert.False(prediction.GetProperty("abstained").GetBoolean());
        Assert.Equal(JsonValueKind.Null, prediction.GetProperty("abstention_reason").ValueKind);

        // A confident prediction against the name's family is a warning: the verdict is suspicious, exit 0 unless --fail-on warning.
        var finding = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "architecture-mismatch");
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.StartsWith("name says bert; classifier: llama ", finding.GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.Equal("suspicious", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Check_shows_the_prediction_for_people()
    {
        var run = await CliRun.RunAsync("check", LlamaWeightsOnly(), "--name", "acme/bert-base-uncased");

        Assert.Contains("classifier", run.Console, StringComparison.Ordinal);
        Assert.Contains("model type", run.Console, StringComparison.Ordinal);
        Assert.Matches(@"llama \d+%", run.Console);
        Assert.Contains("name says bert; classifier: llama", run.Console, StringComparison.Ordinal);
    }

    [RealDataFact]
    public async Task Check_of_a_real_onnx_only_model_prints_its_prediction()
    {
        var onnx = Path.Combine(RealData.Onnx, "github__onnx__onnx", "onnx", "backend", "test", "data", "light", "light_resnet50.onnx");

        var run = await CliRun.RunAsync("check", onnx, "--format", "json");

        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        var prediction = json.RootElement.GetProperty("prediction");
        Assert.Equal(3, prediction.GetProperty("model_type").GetArrayLength());
        Assert.Equal(prediction.GetProperty("abstained").GetBoolean(), prediction.GetProperty("abstention_reason").ValueKind == JsonValueKind.String);
    }
}
