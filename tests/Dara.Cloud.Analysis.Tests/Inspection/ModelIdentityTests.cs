using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Tests.Artifacts;

namespace Dara.Cloud.Analysis.Tests.Inspection;

/// <summary>The name a model goes by when none is given, from where its files are.</summary>
public sealed class ModelIdentityTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string NameOfFile(string relative)
    {
        var path = _temp.Write(relative, "{}");
        return ModelIdentity.NameOf(new SingleFileSource(path), path);
    }

    [Theory]
    [InlineData("acme__bert-base-sentiment/config.json")]
    [InlineData("acme__bert-base-sentiment/model.safetensors")]
    [InlineData("acme__bert-base-sentiment/model-00002-of-00004.safetensors")]
    [InlineData("acme__bert-base-sentiment/model.safetensors.index.json")]
    [InlineData("acme__bert-base-sentiment/pytorch_model.bin.index.json")]
    [InlineData("acme__bert-base-sentiment/README.md")]
    [InlineData("acme__bert-base-sentiment/generation_config.json")]
    [InlineData("acme__bert-base-sentiment/onnx/model_quantized.onnx")]
    [InlineData("acme__bert-base-sentiment/onnx/decoder_model_merged.onnx")]
    public void A_file_every_model_names_alike_goes_by_its_models_folder(string relative)
    {
        Assert.Equal("acme/bert-base-sentiment", NameOfFile(relative));
    }

    [Theory]
    [InlineData("downloads/Llama-2-7b-chat.Q4_K_M.gguf", "Llama-2-7b-chat.Q4_K_M")]
    [InlineData("downloads/silero_vad.onnx", "silero_vad")]
    [InlineData("downloads/acme__distilbert-imdb.safetensors", "acme/distilbert-imdb")]
    public void A_file_with_a_name_of_its_own_goes_by_it(string relative, string expected)
    {
        Assert.Equal(expected, NameOfFile(relative));
    }

    [Fact]
    public void A_file_inside_a_cache_snapshot_goes_by_the_cached_models_id()
    {
        Assert.Equal(
            "julien-c/tiny-llama",
            NameOfFile("hub/models--julien-c--tiny-llama/snapshots/0123456789abcdef0123456789abcdef01234567/config.json"));
    }

    [Theory]
    [InlineData("acme__sdxl-base/vae")]
    [InlineData("acme__sdxl-base/vae_1_0")]
    [InlineData("acme__sdxl-base/text_encoder_2")]
    [InlineData("acme__sdxl-base/text_encoder_3")]
    public void A_pipeline_component_folder_goes_by_its_pipelines_name(string relative)
    {
        var folder = Path.GetDirectoryName(_temp.Write(relative + "/config.json", "{}"))!;

        Assert.Equal("acme/sdxl-base", ModelIdentity.NameOf(new LocalFolderSource(folder), folder));
    }

    [Fact]
    public void A_folder_named_like_a_component_with_words_after_it_goes_by_its_own_name()
    {
        var folder = Path.GetDirectoryName(_temp.Write("acme__sdxl-base/vae_finetuned_anime/config.json", "{}"))!;

        Assert.Equal("vae_finetuned_anime", ModelIdentity.NameOf(new LocalFolderSource(folder), folder));
    }

    [Fact]
    public void A_folder_goes_by_its_name_as_before()
    {
        var folder = Path.GetDirectoryName(_temp.Write("acme__gpt2-poems/config.json", "{}"))!;

        Assert.Equal("acme/gpt2-poems", ModelIdentity.NameOf(new LocalFolderSource(folder), folder));
    }
}
