using System.Text;
using Dara.Cloud.Cli.Remote;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Cli.Tests.Remote;

public sealed class UploadPlanTests
{
    [Fact]
    public async Task Weights_travel_as_their_headers_with_the_full_length_and_documents_whole()
    {
        var weights = new SafetensorsBuilder().Add("model.embed_tokens.weight", "F16", 32000, 512);
        var config = Encoding.UTF8.GetBytes("""{"model_type": "llama"}""");
        var source = new InMemoryArtifactSource()
            .Add("config.json", config)
            .Add("model.safetensors", weights.ToBytes())
            .Add("pytorch_model.bin", new byte[200_000])
            .Add("tokenizer.json", new byte[50_000])
            .Add("special_tokens_map.json", "{}");

        var files = (await UploadPlan.ForAsync(source, CancellationToken.None)).ToDictionary(f => f.Path);

        Assert.Equal(config, files["config.json"].Content);
        var safetensors = files["model.safetensors"];
        Assert.Equal(weights.FileLength, safetensors.Length);
        Assert.Equal(Math.Max(4096, weights.HeaderBytes().Length), safetensors.Content.Length);
        Assert.True(safetensors.IsHead);
        Assert.Equal(200_000, files["pytorch_model.bin"].Length);
        Assert.Empty(files["pytorch_model.bin"].Content);
        Assert.Empty(files["tokenizer.json"].Content);
        Assert.Equal("{}"u8.ToArray(), files["special_tokens_map.json"].Content);
        Assert.False(files["special_tokens_map.json"].IsHead);
    }

    [Fact]
    public async Task A_gguf_file_travels_as_its_header_and_one_read_beyond()
    {
        var gguf = new GgufBuilder().AddString("general.architecture", "llama").AddTensor("token_embd.weight", "F32", 32000, 512);
        var source = new InMemoryArtifactSource().Add("model.gguf", gguf.ToBytes());

        var file = Assert.Single(await UploadPlan.ForAsync(source, CancellationToken.None));

        Assert.Equal(gguf.FileLength, file.Length);
        Assert.Equal(Math.Min(gguf.FileLength, gguf.DataOffset + (1 << 20)), file.Content.Length);
    }

    [Fact]
    public async Task A_safetensors_file_with_an_impossible_header_length_travels_as_the_engines_first_read()
    {
        var bytes = new SafetensorsBuilder().Add("w", "F32", 4096).WithDeclaredHeaderLength(1UL << 50).ToBytes();
        var source = new InMemoryArtifactSource().Add("model.safetensors", bytes);

        var file = Assert.Single(await UploadPlan.ForAsync(source, CancellationToken.None));

        Assert.Equal(bytes.Take(4096), file.Content);
        Assert.Equal(bytes.LongLength, file.Length);
    }
}
