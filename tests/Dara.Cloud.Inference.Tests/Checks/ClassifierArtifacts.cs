using System.Text;
using System.Text.Json;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Inference.Tests.Checks;

/// <summary>Small model artifacts written in code, read by the real inspector, for checks that consult the classifier.</summary>
internal static class ClassifierArtifacts
{
    /// <summary>A two-layer BERT encoder's safetensors header (hidden size 64), with no config.json.</summary>
    public static byte[] BertWeights()
    {
        const int hidden = 64;
        var weights = new SafetensorsBuilder()
            .Add("bert.embeddings.word_embeddings.weight", "F32", 500, hidden)
            .Add("bert.embeddings.position_embeddings.weight", "F32", 128, hidden)
            .Add("bert.embeddings.token_type_embeddings.weight", "F32", 2, hidden)
            .Add("bert.embeddings.LayerNorm.weight", "F32", hidden)
            .Add("bert.embeddings.LayerNorm.bias", "F32", hidden);
        for (var layer = 0; layer < 2; layer++)
        {
            var prefix = $"bert.encoder.layer.{layer}.";
            foreach (var linear in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                weights.Add(prefix + linear + ".weight", "F32", hidden, hidden).Add(prefix + linear + ".bias", "F32", hidden);
            }

            weights.Add(prefix + "attention.output.LayerNorm.weight", "F32", hidden).Add(prefix + "attention.output.LayerNorm.bias", "F32", hidden)
                .Add(prefix + "intermediate.dense.weight", "F32", 256, hidden).Add(prefix + "intermediate.dense.bias", "F32", 256)
                .Add(prefix + "output.dense.weight", "F32", hidden, 256).Add(prefix + "output.dense.bias", "F32", hidden)
                .Add(prefix + "output.LayerNorm.weight", "F32", hidden).Add(prefix + "output.LayerNorm.bias", "F32", hidden);
        }

        return weights.Add("bert.pooler.dense.weight", "F32", hidden, hidden).Add("bert.pooler.dense.bias", "F32", hidden).ToBytes();
    }

    /// <summary>A 32-layer LLaMA's weight map (model.safetensors.index.json): tensor names only, as sharded checkpoints publish them.</summary>
    public static byte[] LlamaWeightMap()
    {
        var names = new List<string> { "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight" };
        for (var layer = 0; layer < 32; layer++)
        {
            names.AddRange(new[]
            {
                "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj",
                "mlp.down_proj", "input_layernorm", "post_attention_layernorm",
            }.Select(module => $"model.layers.{layer}.{module}.weight"));
        }

        var map = names.Select((name, i) => (name, shard: $"model-0000{1 + (i % 2)}-of-00002.safetensors")).ToDictionary(p => p.name, p => p.shard);
        var document = new Dictionary<string, object> { ["metadata"] = new Dictionary<string, long> { ["total_size"] = 13_476_839_424 }, ["weight_map"] = map };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document));
    }

    public static byte[] Config(string modelType, string head) =>
        Encoding.UTF8.GetBytes($$"""{"model_type": "{{modelType}}", "architectures": ["{{head}}"]}""");

    /// <summary>What the engine reads from <paramref name="files"/> (path, bytes).</summary>
    public static async Task<ModelReport> ReadAsync(params (string Path, byte[] Bytes)[] files)
    {
        var source = new InMemoryArtifactSource();
        foreach (var (path, bytes) in files)
        {
            source.Add(path, bytes);
        }

        return ModelReport.From(await new ModelInspector().InspectAsync(source));
    }
}
