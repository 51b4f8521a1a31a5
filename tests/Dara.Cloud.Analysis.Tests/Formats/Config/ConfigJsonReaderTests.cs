using CsCheck;
using System.Text;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Formats.Config;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Formats.Config;

public sealed class ConfigJsonReaderTests
{
    private static ModelConfig Parse(string json) => ConfigJsonReader.Parse("config.json", Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Bert_config_gives_type_head_and_hyperparameters()
    {
        var config = Parse("""
            {"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 768, "num_hidden_layers": 12,
             "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522, "max_position_embeddings": 512,
             "torch_dtype": "float32", "transformers_version": "4.6.0.dev0"}
            """);

        Assert.Equal("bert", config.ModelType);
        Assert.Equal(["BertForMaskedLM"], config.Architectures);
        Assert.Equal("float32", config.DType);
        Assert.Equal(new Hyperparameters(HiddenSize: 768, Layers: 12, Heads: 12, IntermediateSize: 3072, VocabSize: 30522, MaxPositions: 512), config.Hyperparameters);
        Assert.Equal(Modality.Text, config.Modality);
    }

    [Theory]
    [InlineData("""{"model_type": "gpt2", "n_embd": 1600, "n_layer": 48, "n_head": 25, "n_inner": null, "n_positions": 1024}""", 1600, 48, 25, 6400)]
    [InlineData("""{"model_type": "t5", "d_model": 1024, "num_layers": 24, "num_heads": 16, "d_ff": 2816, "d_kv": 64}""", 1024, 24, 16, 2816)]
    [InlineData("""{"model_type": "distilbert", "dim": 768, "n_layers": 6, "n_heads": 12, "hidden_dim": 3072}""", 768, 6, 12, 3072)]
    [InlineData("""{"model_type": "mpt", "d_model": 4096, "n_layers": 32, "n_heads": 32, "expansion_ratio": 4}""", 4096, 32, 32, 16384)]
    [InlineData("""{"model_type": "RefinedWeb", "n_embed": 8192, "n_layer": 60, "n_head": 128}""", 8192, 60, 128, null)]
    [InlineData("""{"dim": 5120, "n_layers": 40, "n_heads": 32, "n_kv_heads": 8, "hidden_dim": 32768, "vocab_size": 131072}""", 5120, 40, 32, 32768)]
    public void Family_specific_key_names_normalise_to_one_vocabulary(string json, int hidden, int layers, int heads, int? intermediate)
    {
        var hp = Parse(json).EffectiveHyperparameters;

        Assert.Equal((hidden, layers, heads, (long?)intermediate), (hp.HiddenSize, hp.Layers, hp.Heads, hp.IntermediateSize));
    }

    [Fact]
    public void Nested_text_config_fills_what_the_top_level_lacks()
    {
        var config = Parse("""
            {"model_type": "llava", "architectures": ["LlavaForConditionalGeneration"],
             "vision_config": {"model_type": "clip_vision_model", "hidden_size": 1024, "image_size": 336, "patch_size": 14},
             "text_config": {"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "vocab_size": 32064,
                             "quantization_config": {"quant_method": "awq", "bits": 4}}}
            """);

        Assert.Equal(4096, config.EffectiveHyperparameters.HiddenSize);
        Assert.Equal(32, config.EffectiveHyperparameters.Layers);
        Assert.Equal(336, config.Components["vision_config"].Hyperparameters.ImageSize);
        Assert.Equal(("awq", 4), (config.EffectiveQuantization?.Method, config.EffectiveQuantization?.EffectiveBits));
        Assert.Equal(Modality.Multimodal, config.Modality);
    }

    [Fact]
    public void Encoder_decoder_reads_both_stacks()
    {
        var config = Parse("""{"model_type": "bart", "d_model": 1024, "encoder_layers": 12, "decoder_layers": 12, "encoder_attention_heads": 16, "encoder_ffn_dim": 4096, "is_encoder_decoder": true}""");

        Assert.True(config.IsEncoderDecoder);
        Assert.Equal(12, config.Hyperparameters.Layers);
        Assert.Equal(12, config.Hyperparameters.DecoderLayers);
        Assert.Equal(4096, config.Hyperparameters.IntermediateSize);
    }

    [Fact]
    public void Vision_lists_sum_depths_and_take_the_last_width()
    {
        var config = Parse("""{"model_type": "resnet", "hidden_sizes": [256, 512, 1024, 2048], "depths": [3, 4, 6, 3], "num_channels": 3}""");

        Assert.Equal(2048, config.Hyperparameters.HiddenSize);
        Assert.Equal(16, config.Hyperparameters.Layers);
        Assert.Equal(Modality.Vision, config.Modality);
    }

    [Fact]
    public void A_stage_of_depth_zero_adds_nothing_to_the_depth()
    {
        var config = Parse("""{"model_type": "swin", "embed_dim": 96, "depths": [2, 2, 0, 2], "num_heads": [3, 6, 12, 24]}""");

        Assert.Equal(6, config.Hyperparameters.Layers);
    }

    [Fact]
    public void Hyperparameters_beyond_two_to_the_31_are_junk_not_facts()
    {
        var config = Parse("""
            {"model_type": "mpt", "d_model": 4096, "n_layers": 9223372036854775807, "n_heads": 4611686018427387904,
             "max_seq_len": 4611686018427387904, "expansion_ratio": 1e300}
            """);

        Assert.Equal(4096, config.Hyperparameters.HiddenSize);
        Assert.Null(config.Hyperparameters.Layers);
        Assert.Null(config.Hyperparameters.Heads);
        Assert.Null(config.Hyperparameters.MaxPositions);
        Assert.Null(config.Hyperparameters.IntermediateSize);
    }

    [Theory]
    [InlineData("""{"quantization_config": {"load_in_4bit": true, "bnb_4bit_quant_type": "nf4"}}""", "bitsandbytes", 4)]
    [InlineData("""{"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 128}}""", "gptq", 4)]
    [InlineData("""{"bits": 4, "group_size": 128, "desc_act": false}""", "gptq", 4)]
    [InlineData("""{"quantization_config": {"quant_method": "fp8", "fmt": "e4m3"}}""", "fp8", null)]
    public void Quantization_config_is_read_in_each_of_its_forms(string json, string method, int? bits)
    {
        var quantization = Parse(json).Quantization;

        Assert.Equal((method, bits), (quantization?.Method, quantization?.EffectiveBits));
    }

    [Fact]
    public void Classifier_labels_come_in_id_order()
    {
        var config = Parse("""{"architectures": ["BertForSequenceClassification"], "id2label": {"1": "POSITIVE", "0": "NEGATIVE"}}""");

        Assert.Equal(["NEGATIVE", "POSITIVE"], config.Labels);
        Assert.Equal(2, config.NumLabels);
    }

    [Fact]
    public void Auto_map_marks_remote_code_and_unknown_model_types_still_read()
    {
        var config = Parse("""{"model_type": "never-heard-of-it", "auto_map": {"AutoModel": "modeling_x.XModel"}, "hidden_size": 42}""");

        Assert.True(config.RequiresRemoteCode);
        Assert.Equal("never-heard-of-it", config.ModelType);
        Assert.Equal(42, config.Hyperparameters.HiddenSize);
    }

    [Fact]
    public void Diffusers_component_names_its_class()
    {
        var config = Parse("""{"_class_name": "UNet2DConditionModel", "_diffusers_version": "0.12.0", "in_channels": 4}""");

        Assert.Null(config.ModelType);
        Assert.Equal(["UNet2DConditionModel"], config.Architectures);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("{\"model_type\": ", "is not valid JSON")]
    [InlineData("[1, 2]", "must hold a JSON object, found an array")]
    [InlineData("\uFEFF{\"model_type\": \"bert\"}", "starts with a UTF-8 byte-order mark, which JSON readers (transformers' included) refuse")]
    [InlineData("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1024\n", "is a Git LFS pointer to a 1024-byte file")]
    public void Bad_config_gives_a_clear_error_naming_the_file(string content, string expected)
    {
        var error = Assert.Throws<ArtifactException>(() => Parse(content));

        Assert.Equal("config.json", error.File);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("model_type", "{\"model_type\": \"VALUE\"}")]
    [InlineData("architectures", "{\"architectures\": [\"VALUE\"]}")]
    [InlineData("torch_dtype", "{\"torch_dtype\": \"VALUE\"}")]
    [InlineData("model_type", "{\"text_config\": {\"model_type\": \"VALUE\"}}")]
    public void A_model_type_or_class_name_megabytes_long_is_refused_naming_the_file_and_key(string key, string template)
    {
        var error = Assert.Throws<ArtifactException>(() => Parse(template.Replace("VALUE", new string('b', 7_000_000), StringComparison.Ordinal)));

        Assert.Equal("config.json", error.File);
        Assert.Equal($"{key} is 7,000,000 characters long; a type, class or operator name is an identifier of at most 256", error.Problem);
        Assert.Equal("bert", Parse($$"""{"model_type": "bert", "architectures": ["{{new string('B', 256)}}"]}""").ModelType);
    }

    [Fact]
    public void Json_nested_deeper_than_64_is_rejected()
    {
        var json = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";

        var error = Assert.Throws<ArtifactException>(() => Parse(json));

        Assert.Contains("nested deeper than 64", error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        var error = Assert.Throws<ArtifactException>(() => ConfigJsonReader.Parse("config.json", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']));

        Assert.Equal("config.json", error.File);
    }

    [Fact]
    public void A_repeated_key_takes_its_last_value()
    {
        var config = Parse("""{"model_type": "gpt2", "n_embd": 768, "model_type": "llama", "n_embd": 4096}""");

        Assert.Equal("llama", config.ModelType);
        Assert.Equal(4096, config.Hyperparameters.HiddenSize);
    }

    [Theory]
    [InlineData("""{"model_type": "bert", "\ud800": 1}""")]
    [InlineData("""{"model_type": "\udc00bert"}""")]
    public void Half_a_surrogate_pair_escaped_is_a_clear_error(string json)
    {
        var error = Assert.Throws<ArtifactException>(() => Parse(json));

        Assert.Equal("config.json", error.File);
        Assert.Contains("is not valid JSON text", error.Message);
    }

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_an_artifact_error()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            try
            {
                ConfigJsonReader.Parse("config.json", bytes);
            }
            catch (ArtifactException)
            {
            }
        }, iter: 5_000);
    }

    [RealDataFact]
    public void Every_real_config_reads_and_agrees_with_the_labelled_model_type_and_sizes()
    {
        var rows = LabelsCsv.Read(RealData.LabelsCsv);
        Assert.True(rows.Count > 100);
        foreach (var row in rows)
        {
            var path = Path.Combine(RealData.HfConfigs, row.ItemFolder, row.ConfigPath);
            var config = ConfigJsonReader.Parse(row.ConfigPath, File.ReadAllBytes(path));

            Assert.Equal(NullIfEmpty(row.ModelType), config.ModelType);
            if (long.TryParse(row.HiddenSize, out var hidden))
            {
                Assert.True(hidden == config.EffectiveHyperparameters.HiddenSize, $"{row.ItemFolder}: hidden {hidden} vs {config.EffectiveHyperparameters.HiddenSize}");
            }

            if (long.TryParse(row.NumLayers, out var layers))
            {
                Assert.True(layers == config.EffectiveHyperparameters.Layers, $"{row.ItemFolder}: layers {layers} vs {config.EffectiveHyperparameters.Layers}");
            }
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
