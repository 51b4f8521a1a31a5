using System.Text;
using System.Text.Json;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>A model the learned classifier cannot take is still checked, with the classifier abstaining and saying why.</summary>
public sealed class ClassifierLimitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dara-cli-limit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_weight_map_of_more_layers_than_the_classifier_takes_is_checked_and_the_classifier_abstains()
    {
        // 300,000 blocks of one tensor each: more layers than a layer trace may have (262,144). The classifier threw,
        // and the check ended as an internal error (exit 3).
        var map = new StringBuilder("""{"metadata": {"total_size": 1}, "weight_map": {""");
        for (var i = 0; i < 300_000; i++)
        {
            map.Append(i == 0 ? string.Empty : ",").Append("\"layers.").Append(i).Append(".weight\": \"model-00001-of-00002.safetensors\"");
        }

        File.WriteAllText(Path.Combine(_root, "model.safetensors.index.json"), map.Append("}}").ToString());

        var run = await CliRun.RunAsync("check", _root, "--name", "acme/llama-7b", "--format", "json");

        Assert.InRange(run.ExitCode, 0, 1);
        Assert.Empty(run.Error);
        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        var prediction = json.RootElement.GetProperty("prediction");
        Assert.True(prediction.GetProperty("abstained").GetBoolean());
        Assert.Matches(@"^The architecture has 300,0\d\d layers; at most 262,144 are accepted$", prediction.GetProperty("abstention_reason").GetString());
        Assert.Equal(0, prediction.GetProperty("model_type").GetArrayLength());
    }
}
