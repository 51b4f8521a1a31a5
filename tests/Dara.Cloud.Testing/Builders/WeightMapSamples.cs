using System.Text.Json;

namespace Dara.Cloud.Testing.Builders;

/// <summary>Weight maps (<c>model.safetensors.index.json</c>) of well-known shapes, for tests that publish a model without config.json.</summary>
public static class WeightMapSamples
{
    /// <summary>
    /// A 32-layer LLaMA's weight map in the Hub's shape (metadata.total_size and weight_map): with no config.json, what
    /// the model is only the learned classifier can say.
    /// </summary>
    public static byte[] Llama32Layers()
    {
        var modules = new[]
        {
            "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj",
            "input_layernorm", "post_attention_layernorm",
        };
        var names = new[] { "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight" }
            .Concat(Enumerable.Range(0, 32).SelectMany(layer => modules.Select(m => $"model.layers.{layer}.{m}.weight")));
        var map = names.ToDictionary(n => n, _ => "model-00001-of-00002.safetensors");
        return JsonSerializer.SerializeToUtf8Bytes(new { metadata = new { total_size = 13_476_839_424L }, weight_map = map });
    }
}
