using System.Text.Json;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>A single file checked without --name goes by its folder's name when its own name is one every model uses.</summary>
public sealed class SingleFileNameTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dara-cli-file-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("config.json")]
    [InlineData("model.safetensors.index.json")]
    [InlineData("README.md")]
    public async Task A_file_every_model_names_alike_is_checked_under_its_folders_name(string file)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "acme__bert-base-sentiment")).FullName;
        var path = Path.Combine(folder, file);
        File.WriteAllText(path, file == "README.md"
            ? "---\nlanguage: en\n---\n# A sentiment model\n"
            : file == "config.json"
                ? """{"model_type": "bert", "architectures": ["BertForSequenceClassification"]}"""
                : """{"metadata": {"total_size": 8}, "weight_map": {"bert.embeddings.word_embeddings.weight": "model.safetensors"}}""");

        var run = await CliRun.RunAsync("check", path, "--format", "json");

        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal("acme/bert-base-sentiment", json.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_file_with_a_name_of_its_own_keeps_it()
    {
        var path = Path.Combine(_root, "distilbert-base-uncased.onnx");
        File.WriteAllBytes(path, Testing.Builders.OnnxSampleModels.ConvNetWithControlFlow().ToBytes());

        var run = await CliRun.RunAsync("check", path, "--format", "json");

        using var json = JsonDocument.Parse(Assert.Single(run.OutLines));
        Assert.Equal("distilbert-base-uncased", json.RootElement.GetProperty("name").GetString());
    }
}
