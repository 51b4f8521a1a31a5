using System.Text;
using BenchmarkDotNet.Attributes;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Gguf;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Analysis.Formats.WeightMaps;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// Header readers on artifacts shaped like a 7B Llama's (291 tensors; 32k-token vocabulary): the per-model cost of
/// the safetensors/GGUF/weight-map step, against the target of 5,000 models/s for config + header.
/// </summary>
[MemoryDiagnoser]
public class BinaryReaderBenchmarks
{
    private byte[] _safetensorsHeader = [];
    private long _safetensorsLength;
    private SafetensorsHeader? _parsed;
    private byte[] _ggufHeader = [];
    private long _ggufLength;
    private byte[] _weightMap = [];

    [GlobalSetup]
    public void Setup()
    {
        var safetensors = new SafetensorsBuilder().WithMetadata("format", "pt").Add("model.embed_tokens.weight", "BF16", 32000, 4096);
        var gguf = new GgufBuilder()
            .AddString("general.architecture", "llama")
            .AddUInt32("general.file_type", 15)
            .Add("tokenizer.ggml.tokens", GgufValue.Strings(Enumerable.Range(0, 32000).Select(i => $"▁token{i}")))
            .Add("tokenizer.ggml.scores", GgufValue.Float32s(Enumerable.Range(0, 32000).Select(i => (float)-i)))
            .Add("tokenizer.ggml.token_type", GgufValue.Int32s(Enumerable.Repeat(1, 32000)))
            .AddTensor("token_embd.weight", "Q4_K", 32000, 4096);
        var weightMapEntries = new List<string>();
        for (var layer = 0; layer < 32; layer++)
        {
            foreach (var part in new[] { "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj", "input_layernorm", "post_attention_layernorm" })
            {
                var name = $"model.layers.{layer}.{part}.weight";
                var shape = part.EndsWith("layernorm", StringComparison.Ordinal) ? new long[] { 4096 } : [4096, 4096];
                safetensors.Add(name, "BF16", shape);
                gguf.AddTensor($"blk.{layer}.{part}.weight", "Q4_K", shape);
                weightMapEntries.Add($"\"{name}\":\"model-0000{1 + layer / 16}-of-00002.safetensors\"");
            }
        }

        _safetensorsHeader = safetensors.HeaderBytes();
        _safetensorsLength = safetensors.FileLength;
        _parsed = SafetensorsHeaderReader.ParseFile("model.safetensors", _safetensorsHeader, _safetensorsLength);
        _ggufHeader = gguf.ToHeaderBytes();
        _ggufLength = gguf.FileLength;
        _weightMap = Encoding.UTF8.GetBytes(
            $"{{\"metadata\":{{\"total_size\":13476839424}},\"weight_map\":{{{string.Join(",", weightMapEntries)}}}}}");
    }

    [Benchmark]
    public SafetensorsHeader SafetensorsHeader() =>
        SafetensorsHeaderReader.ParseFile("model.safetensors", _safetensorsHeader, _safetensorsLength);

    [Benchmark]
    public ParameterCounts CountParameters() =>
        ParameterCounter.Count(_parsed!.Tensors.Select(t => t.ToSpec()));

    [Benchmark]
    public GgufHeader GgufHeader() => GgufHeaderReader.Parse("model.gguf", _ggufHeader, _ggufLength);

    [Benchmark]
    public WeightMap WeightMap() => WeightMapReader.Parse("model.safetensors.index.json", _weightMap);
}
