using System.Text.Json;
using Dara.Cloud.Analysis.Formats;

namespace Dara.Cloud.Analysis.Tests.Formats;

public sealed class ParameterCounterTests
{
    private static TensorSpec T(string name, string dtype, params long[] shape) => new(name, dtype, shape);

    private static QuantizationConfig Config(string json) =>
        QuantizationConfig.FromConfigJson(JsonDocument.Parse(json).RootElement)
        ?? throw new InvalidOperationException("no quantization_config in the test config");

    [Fact]
    public void Plain_tensors_count_their_elements_per_dtype()
    {
        var counts = ParameterCounter.Count(
        [
            T("embed.weight", "BF16", 1000, 64),
            T("layer.weight", "BF16", 64, 64),
            T("norm.weight", "F32", 64),
        ]);

        Assert.Equal(64_000 + 4096, counts.ByDType["BF16"]);
        Assert.Equal(64, counts.ByDType["F32"]);
        Assert.Equal(64_000 + 4096 + 64, counts.Total);
    }

    [Fact]
    public void Scalars_and_empty_tensors_are_not_counted()
    {
        var counts = ParameterCounter.Count([T("step", "I64"), T("empty", "F32", 0, 5)]);

        Assert.Empty(counts.ByDType);
        Assert.Equal(0, counts.Total);
    }

    [Theory]
    [InlineData("F8_E8M0")]
    [InlineData("E8M0")]
    [InlineData("UE8")]
    public void Exponent_only_scale_dtypes_are_never_parameters_even_without_a_quantization_config(string dtype)
    {
        var counts = ParameterCounter.Count([T("layer.weight", "F8_E4M3", 128, 128), T("layer.scale", dtype, 128, 4)]);

        Assert.Equal(128 * 128, counts.Total);
        Assert.False(counts.ByDType.ContainsKey(dtype));
    }

    [Fact]
    public void Gptq_qweight_unpacks_32_over_bits_values_and_its_bookkeeping_is_skipped()
    {
        var gptq = Config("""{"quantization_config":{"quant_method":"gptq","bits":4,"modules_to_not_convert":["lm_head"]}}""");

        var counts = ParameterCounter.Count(
        [
            T("model.layers.0.mlp.down_proj.qweight", "I32", 512, 4096),
            T("model.layers.0.mlp.down_proj.qzeros", "I32", 32, 512),
            T("model.layers.0.mlp.down_proj.scales", "F16", 32, 4096),
            T("model.layers.0.mlp.down_proj.g_idx", "I32", 4096),
            T("lm_head.weight", "F16", 1000, 4096),
        ], gptq);

        Assert.Equal(512L * 4096 * 8, counts.ByDType["I32"]);
        Assert.Equal(1000L * 4096, counts.ByDType["F16"]);
    }

    [Fact]
    public void Awq_with_8_bits_unpacks_four_values_per_int32_and_defaults_to_4_bits_without_bits()
    {
        var tensor = T("m.qweight", "I32", 10, 10);

        Assert.Equal(400, ParameterCounter.CountTensor(tensor, new QuantizationConfig { QuantMethod = "AWQ", Bits = 8 }));
        Assert.Equal(800, ParameterCounter.CountTensor(tensor, new QuantizationConfig { QuantMethod = "awq" }));
        Assert.Equal(1000, ParameterCounter.CountTensor(tensor, new QuantizationConfig { QuantMethod = "gptq", Bits = 3 }));
    }

    [Fact]
    public void Gptq_scales_of_an_excluded_module_are_counted_like_any_tensor()
    {
        var gptq = new QuantizationConfig { QuantMethod = "gptq", Bits = 4, ModulesToNotConvert = ["vision.*"] };

        Assert.Equal(100, ParameterCounter.CountTensor(T("vision.block.proj.scales", "F16", 100), gptq));
        Assert.Equal(0, ParameterCounter.CountTensor(T("text.block.proj.scales", "F16", 100), gptq));
    }

    [Fact]
    public void Bitsandbytes_4bit_counts_two_values_per_byte_and_skips_its_quant_state()
    {
        var bnb = Config("""{"quantization_config":{"quant_method":"bitsandbytes","load_in_4bit":true}}""");

        var counts = ParameterCounter.Count(
        [
            T("q_proj.weight", "U8", 2048, 1),
            T("q_proj.weight.absmax", "F32", 64),
            T("q_proj.weight.quant_map", "F32", 16),
            T("q_proj.weight.nested_absmax", "F32", 1),
            T("q_proj.weight.quant_state.bitsandbytes__nf4", "U8", 100),
            T("norm.weight", "F16", 64),
        ], bnb);

        Assert.Equal(4096, counts.ByDType["U8"]);
        Assert.Equal(64, counts.ByDType["F16"]);
        Assert.False(counts.ByDType.ContainsKey("F32"));
    }

    [Fact]
    public void Mxfp4_blocks_hold_two_values_per_byte_and_their_scales_are_skipped()
    {
        var mxfp4 = new QuantizationConfig { QuantMethod = "mxfp4" };

        var counts = ParameterCounter.Count(
        [
            T("model.layers.0.mlp.experts.gate_up_proj_blocks", "U8", 32, 90, 16),
            T("model.layers.0.mlp.experts.gate_up_proj_scales", "U8", 32, 90),
            T("model.layers.0.mlp.experts.gate_up_proj_bias", "BF16", 32, 90),
        ], mxfp4);

        Assert.Equal(32L * 90 * 16 * 2, counts.ByDType["U8"]);
        Assert.Equal(32 * 90, counts.ByDType["BF16"]);
    }

    [Fact]
    public void Compressed_tensors_pack_quantized_uses_the_matching_groups_bit_width()
    {
        var config = Config("""
            {"quantization_config":{"quant_method":"compressed-tensors","format":"pack-quantized",
              "ignore":["lm_head"],
              "config_groups":{
                "group_0":{"targets":["re:.*embed_tokens$"],"weights":{"num_bits":2}},
                "group_1":{"targets":["Linear"],"weights":{"num_bits":4}}}}}
            """);

        var counts = ParameterCounter.Count(
        [
            T("model.embed_tokens.weight_packed", "I32", 100, 10),
            T("model.layers.0.q_proj.weight_packed", "I32", 100, 10),
            T("model.layers.0.q_proj.weight_scale", "BF16", 100, 1),
            T("model.layers.0.q_proj.weight_shape", "I64", 2),
            T("lm_head.weight", "BF16", 100, 100),
        ], config);

        // 2-bit group: 16 per I32; the class-name target resolves nothing, so the first num_bits (2) applies too.
        Assert.Equal(1000 * 16 + 1000 * 16, counts.ByDType["I32"]);
        Assert.Equal(10_000, counts.ByDType["BF16"]);
        Assert.False(counts.ByDType.ContainsKey("I64"));
    }

    [Fact]
    public void A_fractional_packing_factor_is_rounded_half_up()
    {
        var config = new QuantizationConfig
        {
            QuantMethod = "compressed-tensors",
            Format = "pack-quantized",
            ConfigGroups = [new CompressedTensorsGroup(null, ["layer"], 3)],
        };

        // 3 bits in an I32: 10.67 values per container.
        Assert.Equal(107, ParameterCounter.CountTensor(T("layer.weight_packed", "I32", 10), config));
    }

    [Fact]
    public void Fp8_expert_dtype_unpacks_routed_experts_only()
    {
        var config = Config("""{"quantization_config":{"quant_method":"fp8"},"expert_dtype":"fp4"}""");

        var counts = ParameterCounter.Count(
        [
            T("layers.1.ffn.experts.3.w1.weight", "I8", 64, 32),
            T("layers.1.ffn.shared_experts.w1.weight", "I8", 64, 32),
            T("layers.1.attn.wq.weight", "F8_E4M3", 64, 64),
            T("layers.1.attn.wq.weight_scale_inv", "F32", 1, 1),
        ], config);

        Assert.Equal(64 * 32 * 2 + 64 * 32, counts.ByDType["I8"]);
        Assert.Equal(64 * 64, counts.ByDType["F8_E4M3"]);
        Assert.False(counts.ByDType.ContainsKey("F32"));
    }

    [Fact]
    public void An_unknown_method_with_4_bits_still_counts_u8_as_two_values()
    {
        Assert.Equal(20, ParameterCounter.CountTensor(T("w", "U8", 10), new QuantizationConfig { QuantMethod = "hqq", Bits = 4 }));
        Assert.Equal(10, ParameterCounter.CountTensor(T("w", "U8", 10), new QuantizationConfig { QuantMethod = "hqq", Bits = 8 }));
    }

    [Fact]
    public void The_quantization_config_may_sit_under_text_config()
    {
        var config = QuantizationConfig.FromConfigJson(JsonDocument.Parse(
            """{"text_config":{"quantization_config":{"quant_method":"gptq","bits":8},"expert_dtype":"fp4"}}""").RootElement);

        Assert.NotNull(config);
        Assert.Equal("gptq", config.QuantMethod);
        Assert.Equal(8, config.Bits);
        Assert.Equal("fp4", config.ExpertDType);
    }

    [Fact]
    public void A_config_without_quantization_gives_none()
    {
        Assert.Null(QuantizationConfig.FromConfigJson(JsonDocument.Parse("""{"model_type":"bert"}""").RootElement));
        Assert.Null(QuantizationConfig.FromConfigJson(JsonDocument.Parse("""[1]""").RootElement));
    }
}
