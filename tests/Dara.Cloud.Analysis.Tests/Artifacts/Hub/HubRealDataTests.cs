using System.Buffers.Binary;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

/// <summary>The Hub source against the fake Hub serving the real data in place.</summary>
public sealed class HubRealDataTests : IAsyncLifetime
{
    private FakeHubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await FakeHubServer.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [RealDataFact]
    public async Task Model_info_of_a_real_config_folder_lists_its_weights_from_the_LFS_pointers()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        var info = await client.GetModelInfoAsync("1rin/openllama-chinese-english-3b");

        var weights = info.Siblings.Single(sibling => sibling.Path == "pytorch_model-00001-of-00003.bin");
        Assert.Equal(4993300595, weights.ContentSize);
        Assert.Equal("ef1675016db00dc891d82e24e65112b9a879b8d6f1bb0b08e27ed8120431e7f2", weights.Lfs?.Sha256);
        Assert.Equal(455, info.Siblings.Single(sibling => sibling.Path == "config.json").ContentSize);
        Assert.DoesNotContain(info.Siblings, sibling => sibling.Path.StartsWith('_'));
        Assert.Equal("llama", info.Config?.ModelType);
        Assert.Matches("^[0-9a-f]{40}$", info.Sha);
        Assert.Equal(new DateTimeOffset(2023, 6, 13, 11, 43, 7, TimeSpan.Zero), info.LastModified);
    }

    [RealDataFact]
    public async Task A_real_config_is_served_byte_for_byte_and_a_weight_without_bytes_is_a_clear_error()
    {
        var folder = Path.Combine(RealData.HfConfigs, "1rin__openllama-chinese-english-3b");
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, "1rin/openllama-chinese-english-3b");

        var config = await source.ReadAllAsync("config.json", 64 * 1024);
        var index = await source.ReadAllAsync("pytorch_model.bin.index.json", 64 * 1024);
        var weights = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadRangeAsync("pytorch_model-00001-of-00003.bin", 0, 8));

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folder, "config.json")), config);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folder, "pytorch_model.bin.index.json")), index);
        Assert.Equal("pytorch_model-00001-of-00003.bin", weights.File);
        Assert.StartsWith("no such file in hf:1rin/openllama-chinese-english-3b@", weights.Problem, StringComparison.Ordinal);
    }

    [RealDataFact]
    public async Task A_real_safetensors_header_is_read_with_exactly_two_range_requests()
    {
        var file = Path.Combine(RealData.Safetensors, "github__AliBayatMokhtari__mnist-tinygrad", "model.safetensors");
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, "AliBayatMokhtari/mnist-tinygrad");
        _hub.ClearRequests();

        var prefix = await source.ReadRangeAsync("model.safetensors", 0, 8);
        var headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(prefix.Bytes.Span));
        var header = await source.ReadRangeAsync("model.safetensors", 8, headerLength);

        using var json = JsonDocument.Parse(header.Bytes);
        Assert.Equal(new FileInfo(file).Length, prefix.TotalLength);
        Assert.Equal([128, 784], json.RootElement.GetProperty("l1.weight").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(["bytes=0-7", $"bytes=8-{7 + headerLength}"], _hub.Requests.Select(request => request.Range));
        Assert.Equal(8 + headerLength, source.Statistics.BytesRead);
    }

    [RealDataFact]
    public async Task A_real_config_model_merged_with_its_safetensors_shards_serves_both()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, "PANDASANG1231/llama_3.2-3B-huggingface-shard0");

        var entries = await source.ListAsync();
        var shard = await source.ReadRangeAsync("model-00001-model.layers.0.input_layernorm.weight.safetensors", 0, 8);

        Assert.Contains(entries, entry => entry.Path == "model.safetensors.index.json");
        Assert.Contains(entries, entry => entry.Path == "model-00002-model.layers.0.mlp.down_proj.weight.safetensors" && entry.Size is null);
        Assert.Equal(6280, shard.TotalLength);
    }

    [RealDataFact]
    public async Task Real_ONNX_folders_are_models_named_after_their_source_and_folder()
    {
        var folder = Path.Combine(RealData.Onnx, "github__onnx__onnx", "onnx", "backend", "test", "data", "light");
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, "github.onnx.onnx/light");

        var entries = await source.ListAsync();
        var head = await source.ReadRangeAsync("light_squeezenet.onnx", 0, 16);

        Assert.Equal(
            Directory.EnumerateFiles(folder, "*.onnx").Select(Path.GetFileName).Order(StringComparer.Ordinal),
            entries.Select(entry => entry.Path));
        Assert.Equal((await File.ReadAllBytesAsync(Path.Combine(folder, "light_squeezenet.onnx")))[..16], head.Bytes.ToArray());
        Assert.Equal("npm.ricky0123.vad-web", RealDataModels.OnnxOwner("npm__@ricky0123__vad-web@0.0.31"));
    }

    [RealDataFact]
    public async Task An_authors_real_models_are_listed_across_pages()
    {
        var expected = RealData.ConfigFolders()
            .Select(Path.GetFileName)
            .Where(name => name!.StartsWith("Avent-IQ__", StringComparison.Ordinal))
            .Select(name => "Avent-IQ/" + name!["Avent-IQ__".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        using var client = new HubClient(FastRetries.For(_hub));

        var models = await client.ListModelsAsync(new HubModelQuery { Author = "Avent-IQ", PageSize = 4 }).ToListAsync();

        Assert.Equal(expected, models.Select(model => model.Id).Order(StringComparer.Ordinal));
        Assert.Equal((expected.Count + 3) / 4, _hub.Requests.Count);
        Assert.Equal(models.OrderByDescending(model => model.LastModified).ThenBy(model => model.Id, StringComparer.Ordinal), models);
    }

    [RealDataFact]
    public async Task Hugging_Faces_own_safetensors_reader_reads_a_real_model_from_the_fake_hub()
    {
        using var result = await NodePeer.RunAsync("safetensors-metadata.mjs", [_hub.BaseUrl, "AliBayatMokhtari/mnist-tinygrad"]);

        var root = result.RootElement;
        var tensors = root.GetProperty("tensors");
        Assert.False(root.GetProperty("sharded").GetBoolean());
        Assert.Equal("F32", tensors.GetProperty("l1.weight").GetProperty("dtype").GetString());
        Assert.Equal([128, 784], tensors.GetProperty("l1.weight").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(128 * 784 + 10 * 128, root.GetProperty("parameterCount").GetProperty("F32").GetInt64());
        Assert.Contains(_hub.Requests, request => request.IsResolve && request.Range is not null);
    }
}
