using System.Text;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Gguf;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Analysis.Tests.Artifacts;
using Dara.Cloud.Analysis.Tests.Artifacts.Hub;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Peers;

/// <summary>
/// Hugging Face's own parsers (@huggingface/hub, @huggingface/gguf) read the same files as our readers and must find
/// the same tensors, dtypes, shapes and parameter counts. The safetensors peer reads through the fake Hub, which also
/// proves the fake Hub's URL layout is the one the real client expects.
/// </summary>
public sealed class HuggingFacePeerCrossCheckTests : IAsyncLifetime
{
    private FakeHubServer _hub = null!;
    private readonly TempFolder _temp = new();

    public async Task InitializeAsync() => _hub = await FakeHubServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _temp.Dispose();
    }

    [RealDataFact]
    public async Task Real_safetensors_files_read_the_same_as_in_huggingface_hub()
    {
        var files = new (string Repo, string Path)[]
        {
            ("AliBayatMokhtari/mnist-tinygrad", "model.safetensors"),
        }.Concat(Directory.EnumerateFiles(Path.Combine(RealData.Safetensors, "github__PANDASANG1231__llama_3.2-3B-huggingface-shard0"), "*.safetensors")
            .Order(StringComparer.Ordinal).Take(3)
            .Select(f => ("PANDASANG1231/llama_3.2-3B-huggingface-shard0", Path.GetFileName(f))));

        foreach (var (repo, path) in files)
        {
            await AssertSameAsPeerAsync(repo, path);
        }
    }

    [Fact]
    public async Task A_sharded_gptq_model_counts_the_same_parameters_as_huggingface_hub()
    {
        var shard1 = new SafetensorsBuilder()
            .Add("model.embed_tokens.weight", "F16", 1000, 64)
            .Add("model.layers.0.self_attn.q_proj.qweight", "I32", 8, 64)
            .Add("model.layers.0.self_attn.q_proj.qzeros", "I32", 1, 8)
            .Add("model.layers.0.self_attn.q_proj.scales", "F16", 1, 64)
            .Add("model.layers.0.self_attn.q_proj.g_idx", "I32", 64)
            .ToBytes();
        var shard2 = new SafetensorsBuilder()
            .Add("model.norm.weight", "BF16", 64)
            .Add("lm_head.weight", "F16", 1000, 64)
            .ToBytes();
        var index = """
            {"metadata": {"total_size": 1}, "weight_map": {
              "model.embed_tokens.weight": "model-00001-of-00002.safetensors",
              "model.layers.0.self_attn.q_proj.qweight": "model-00001-of-00002.safetensors",
              "model.layers.0.self_attn.q_proj.qzeros": "model-00001-of-00002.safetensors",
              "model.layers.0.self_attn.q_proj.scales": "model-00001-of-00002.safetensors",
              "model.layers.0.self_attn.q_proj.g_idx": "model-00001-of-00002.safetensors",
              "model.norm.weight": "model-00002-of-00002.safetensors",
              "lm_head.weight": "model-00002-of-00002.safetensors"}}
            """;
        var config = """{"model_type": "llama", "quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 128}}""";
        _hub.AddModel("acme/tiny-gptq", new Dictionary<string, byte[]>
        {
            ["config.json"] = Encoding.UTF8.GetBytes(config),
            ["model.safetensors.index.json"] = Encoding.UTF8.GetBytes(index),
            ["model-00001-of-00002.safetensors"] = shard1,
            ["model-00002-of-00002.safetensors"] = shard2,
        });

        using var peer = await NodePeer.RunAsync("safetensors-metadata.mjs", [_hub.BaseUrl, "acme/tiny-gptq"]);

        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, "acme/tiny-gptq");
        var tensors = new List<TensorSpec>();
        foreach (var shard in new[] { "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors" })
        {
            tensors.AddRange((await SafetensorsHeaderReader.ReadAsync(source, shard, CancellationToken.None)).Tensors.Select(t => t.ToSpec()));
        }

        var quantization = QuantizationConfig.FromConfigJson(JsonDocument.Parse(config).RootElement);
        var ours = ParameterCounter.Count(tensors, quantization);
        Assert.True(peer.RootElement.GetProperty("sharded").GetBoolean());
        AssertSameTensors(peer.RootElement.GetProperty("tensors"), tensors);
        Assert.Equal(PeerCounts(peer.RootElement), ours.ByDType.Where(p => p.Value > 0).ToDictionary());
    }

    [Fact]
    public async Task Gguf_headers_read_the_same_as_in_huggingface_gguf()
    {
        var builder = new GgufBuilder()
            .AddString("general.architecture", "llama")
            .AddString("general.name", "Tiny Llama")
            .AddString("general.size_label", "1M")
            .AddUInt32("general.file_type", 15)
            .AddUInt32("llama.block_count", 2)
            .Add("llama.context_length", GgufValue.UInt64(4096))
            .Add("llama.rope.freq_base", GgufValue.Float32(10000f))
            .Add("tokenizer.ggml.tokens", GgufValue.Strings(Enumerable.Range(0, 300).Select(i => $"tok{i}")))
            .AddTensor("token_embd.weight", "Q4_K", 300, 256)
            .AddTensor("blk.0.attn_q.weight", "Q6_K", 256, 256)
            .AddTensor("blk.0.attn_norm.weight", "F32", 256)
            .AddTensor("blk.1.ffn_down.weight", "Q8_0", 256, 512)
            .AddTensor("output_norm.weight", "F16", 256);
        var file = Path.Combine(_temp.Path, "tiny.gguf");
        builder.WriteTo(file);

        using var peer = await NodePeer.RunAsync("gguf-header.mjs", [file]);
        await using var source = new SingleFileSource(file);
        var ours = await GgufHeaderReader.ReadAsync(source, "tiny.gguf", CancellationToken.None);

        var root = peer.RootElement;
        var metadata = root.GetProperty("metadata");
        Assert.Equal(metadata.GetProperty("general.architecture").GetString(), ours.Architecture);
        Assert.Equal(metadata.GetProperty("general.name").GetString(), ours.Name);
        Assert.Equal(metadata.GetProperty("general.size_label").GetString(), ours.SizeLabel);
        Assert.Equal(long.Parse(metadata.GetProperty("llama.context_length").GetString()!), ours.GetInteger("llama.context_length"));
        Assert.Equal(metadata.GetProperty("llama.block_count").GetInt64(), ours.GetInteger("llama.block_count"));
        var peerTensors = root.GetProperty("tensorInfos").EnumerateArray().ToList();
        Assert.Equal(peerTensors.Count, ours.Tensors.Count);
        foreach (var (peerTensor, tensor) in peerTensors.Zip(ours.Tensors))
        {
            Assert.Equal(peerTensor.GetProperty("name").GetString(), tensor.Name);
            // GGUF stores dims innermost first; ours are outermost first, as PyTorch writes shapes.
            Assert.Equal(peerTensor.GetProperty("shape").EnumerateArray().Select(d => long.Parse(d.GetString()!)).Reverse(), tensor.Shape);
            Assert.Equal(long.Parse(peerTensor.GetProperty("offset").GetString()!), tensor.Offset);
            Assert.Equal(GgmlTypeName(peerTensor.GetProperty("dtype").GetInt32()), tensor.GgmlType);
        }

        Assert.Equal(long.Parse(root.GetProperty("tensorDataOffset").GetString()!), ours.DataOffset);
        Assert.Equal(root.GetProperty("parameterCount").GetInt64(), ours.Tensors.Sum(t => t.ToSpec().ElementCount));
    }

    private async Task AssertSameAsPeerAsync(string repo, string path)
    {
        using var peer = await NodePeer.RunAsync("safetensors-metadata.mjs", [_hub.BaseUrl, repo, path]);
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, repo);
        var header = await SafetensorsHeaderReader.ReadAsync(source, path, CancellationToken.None);
        var tensors = header.Tensors.Select(t => t.ToSpec()).ToList();

        AssertSameTensors(peer.RootElement.GetProperty("tensors"), tensors);
        Assert.Equal(PeerCounts(peer.RootElement), ParameterCounter.Count(tensors).ByDType.Where(p => p.Value > 0).ToDictionary());
    }

    private static void AssertSameTensors(JsonElement peerTensors, IReadOnlyList<TensorSpec> ours)
    {
        var expected = peerTensors.EnumerateObject()
            .Select(t => (t.Name, t.Value.GetProperty("dtype").GetString(), string.Join(",", t.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()))))
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        var actual = ours.Select(t => (t.Name, (string?)t.DType, string.Join(",", t.Shape))).OrderBy(t => t.Name, StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    private static Dictionary<string, long> PeerCounts(JsonElement peer) =>
        peer.GetProperty("parameterCount").EnumerateObject()
            .Where(p => p.Value.GetInt64() > 0)
            .ToDictionary(p => p.Name, p => p.Value.GetInt64());

    private static string GgmlTypeName(int id) => id switch
    {
        0 => "F32",
        1 => "F16",
        8 => "Q8_0",
        12 => "Q4_K",
        14 => "Q6_K",
        _ => $"type {id}",
    };
}
