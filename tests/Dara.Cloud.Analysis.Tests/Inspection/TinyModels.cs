using System.Text;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Inspection;

/// <summary>Small models in Hub layout, built in code: a two-layer BERT-shaped encoder in various packagings.</summary>
internal static class TinyModels
{
    public const int Hidden = 64;
    public const int Layers = 2;
    public const int Vocab = 100;
    public const int Intermediate = 256;

    public static string BertConfig(string head = "BertForSequenceClassification") => $$$"""
        {"architectures": ["{{{head}}}"], "model_type": "bert", "hidden_size": {{{Hidden}}}, "num_hidden_layers": {{{Layers}}},
         "num_attention_heads": 4, "intermediate_size": {{{Intermediate}}}, "vocab_size": {{{Vocab}}}, "max_position_embeddings": 128,
         "torch_dtype": "float32", "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}
        """;

    /// <summary>The tensors of the tiny BERT in PyTorch naming, as (name, shape).</summary>
    public static IEnumerable<(string Name, long[] Shape)> BertTensors()
    {
        yield return ("bert.embeddings.word_embeddings.weight", [Vocab, Hidden]);
        yield return ("bert.embeddings.position_embeddings.weight", [128, Hidden]);
        yield return ("bert.embeddings.LayerNorm.weight", [Hidden]);
        yield return ("bert.embeddings.LayerNorm.bias", [Hidden]);
        for (var layer = 0; layer < Layers; layer++)
        {
            var prefix = $"bert.encoder.layer.{layer}";
            foreach (var name in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                yield return ($"{prefix}.{name}.weight", [Hidden, Hidden]);
                yield return ($"{prefix}.{name}.bias", [Hidden]);
            }

            yield return ($"{prefix}.attention.output.LayerNorm.weight", [Hidden]);
            yield return ($"{prefix}.attention.output.LayerNorm.bias", [Hidden]);
            yield return ($"{prefix}.intermediate.dense.weight", [Intermediate, Hidden]);
            yield return ($"{prefix}.intermediate.dense.bias", [Intermediate]);
            yield return ($"{prefix}.output.dense.weight", [Hidden, Intermediate]);
            yield return ($"{prefix}.output.dense.bias", [Hidden]);
            yield return ($"{prefix}.output.LayerNorm.weight", [Hidden]);
            yield return ($"{prefix}.output.LayerNorm.bias", [Hidden]);
        }

        yield return ("classifier.weight", [2, Hidden]);
        yield return ("classifier.bias", [2]);
    }

    public static long BertParameterCount => BertTensors().Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));

    public static byte[] Safetensors(IEnumerable<(string Name, long[] Shape)> tensors, string dtype = "F32")
    {
        var builder = new SafetensorsBuilder();
        foreach (var (name, shape) in tensors)
        {
            builder.Add(name, dtype, shape);
        }

        return builder.ToBytes();
    }

    /// <summary>The tiny BERT as a single model.safetensors with config and card.</summary>
    public static InMemoryArtifactSource SingleFile(string dtype = "F32") => new InMemoryArtifactSource()
        .Add("config.json", Encoding.UTF8.GetBytes(BertConfig()))
        .Add("README.md", "---\nlanguage: en\npipeline_tag: text-classification\nlicense: mit\n---\n# Tiny sentiment BERT\n"u8.ToArray())
        .Add("model.safetensors", Safetensors(BertTensors(), dtype));

    /// <summary>The same weights split over two shards with an index, listed in another order.</summary>
    public static InMemoryArtifactSource Sharded()
    {
        var tensors = BertTensors().ToList();
        var first = tensors.Skip(tensors.Count / 2).ToList();
        var second = tensors.Take(tensors.Count / 2).ToList();
        var map = string.Join(",\n", first.Select(t => $"\"{t.Name}\": \"model-00001-of-00002.safetensors\"")
            .Concat(second.Select(t => $"\"{t.Name}\": \"model-00002-of-00002.safetensors\"")));
        return new InMemoryArtifactSource()
            .Add("config.json", Encoding.UTF8.GetBytes(BertConfig()))
            .Add("model.safetensors.index.json", Encoding.UTF8.GetBytes($$$"""{"metadata": {"total_size": {{{BertParameterCount * 4}}}}, "weight_map": { {{{map}}} }}"""))
            .Add("model-00001-of-00002.safetensors", Safetensors(first))
            .Add("model-00002-of-00002.safetensors", Safetensors(second));
    }
}
