using System.Text;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Grains.Tests;

/// <summary>Small models built in code, as uploads (artifact sets) or as fake Hub files.</summary>
public static class Artifacts
{
    /// <summary>A two-layer DistilBERT sentiment classifier: config, card and the safetensors file.</summary>
    public static IReadOnlyDictionary<string, byte[]> DistilBertFiles(int layers = 2, int hidden = 64) => new Dictionary<string, byte[]>
    {
        ["config.json"] = Encoding.UTF8.GetBytes($$$"""
            {"architectures": ["DistilBertForSequenceClassification"], "model_type": "distilbert", "dim": {{{hidden}}}, "n_layers": {{{layers}}},
             "n_heads": 4, "hidden_dim": 256, "vocab_size": 100, "max_position_embeddings": 64, "torch_dtype": "float32",
             "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}
            """),
        ["README.md"] = Encoding.UTF8.GetBytes("---\nlanguage: en\nlicense: apache-2.0\n---\n# A tiny sentiment model\n"),
        ["model.safetensors"] = Weights(layers, hidden).ToBytes(),
    };

    /// <summary>A small GPT-2 style model: a different architecture from <see cref="DistilBertFiles"/>.</summary>
    public static IReadOnlyDictionary<string, byte[]> Gpt2Files() => new Dictionary<string, byte[]>
    {
        ["config.json"] = Encoding.UTF8.GetBytes("""
            {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 64, "n_layer": 2, "n_head": 4,
             "vocab_size": 100, "n_positions": 64, "torch_dtype": "float32"}
            """),
        ["model.safetensors"] = new SafetensorsBuilder()
            .Add("transformer.wte.weight", "F32", 100, 64)
            .Add("transformer.h.0.attn.c_attn.weight", "F32", 64, 192)
            .Add("transformer.h.1.attn.c_attn.weight", "F32", 64, 192)
            .ToBytes(),
    };

    /// <summary>
    /// A 32-layer LLaMA published as its weight map alone (no config.json): what it is, only the classifier can say.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> LlamaWeightMapOnly() => new Dictionary<string, byte[]>
    {
        ["model.safetensors.index.json"] = WeightMapSamples.Llama32Layers(),
    };

    public static SafetensorsBuilder Weights(int layers, int hidden)
    {
        var builder = new SafetensorsBuilder().Add("distilbert.embeddings.word_embeddings.weight", "F32", 100, hidden);
        for (var layer = 0; layer < layers; layer++)
        {
            builder.Add($"distilbert.transformer.layer.{layer}.attention.q_lin.weight", "F32", hidden, hidden);
        }

        return builder.Add("classifier.weight", "F32", 2, hidden);
    }

    public static ArtifactSet Upload(IReadOnlyDictionary<string, byte[]> files) =>
        ArtifactSet.From(files.Select(file => new ArtifactFile(file.Key, file.Value.LongLength, file.Value)).ToArray());

    /// <summary>An upload where the safetensors file is only its header (as clients send it): declared length, head bytes.</summary>
    public static ArtifactSet UploadHeadsOnly(int layers = 2, int hidden = 64)
    {
        var files = DistilBertFiles(layers, hidden);
        var weights = Weights(layers, hidden);
        return ArtifactSet.From(files.Select(file => file.Key == "model.safetensors"
            ? new ArtifactFile(file.Key, weights.FileLength, weights.HeaderBytes())
            : new ArtifactFile(file.Key, file.Value.LongLength, file.Value)).ToArray());
    }
}
