using System.Text;
using BenchmarkDotNet.Attributes;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// The whole <c>dara inspect</c> path for a BERT-base shaped model (config.json + a 199-tensor safetensors header):
/// list, read config, read the header in its ranged reads, derive facts and the fingerprint.
/// Target: ≥ 5,000 models/s on one core.
/// </summary>
/// <remarks>
/// <see cref="HeaderOrder.Writer"/> lists tensors as the safetensors writer does (by dtype, then name: one dtype here,
/// so by name); <see cref="HeaderOrder.Module"/> lists them in PyTorch's module order, as a hand-written header might.
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class InspectBenchmarks
{
    private readonly ModelInspector _inspector = new(new InspectorOptions { Concurrency = 1 });
    private byte[] _config = [];
    private byte[] _header = [];
    private long _fileLength;

    /// <summary>The order the header lists its tensors in.</summary>
    public enum HeaderOrder
    {
        Writer,
        Module,
    }

    [Params(HeaderOrder.Writer, HeaderOrder.Module)]
    public HeaderOrder Order { get; set; } = HeaderOrder.Writer;

    [GlobalSetup]
    public void Setup()
    {
        _config = Encoding.UTF8.GetBytes("""
            {"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 768, "num_hidden_layers": 12,
             "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522, "max_position_embeddings": 512,
             "type_vocab_size": 2, "torch_dtype": "float32", "transformers_version": "4.6.0.dev0"}
            """);
        var tensors = new List<(string Name, long[] Shape)>
        {
            ("bert.embeddings.word_embeddings.weight", [30522, 768]),
            ("bert.embeddings.position_embeddings.weight", [512, 768]),
            ("bert.embeddings.token_type_embeddings.weight", [2, 768]),
            ("bert.embeddings.LayerNorm.weight", [768]),
            ("bert.embeddings.LayerNorm.bias", [768]),
        };
        for (var layer = 0; layer < 12; layer++)
        {
            var p = $"bert.encoder.layer.{layer}";
            foreach (var linear in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                tensors.Add(($"{p}.{linear}.weight", [768, 768]));
                tensors.Add(($"{p}.{linear}.bias", [768]));
            }

            tensors.AddRange([
                ($"{p}.attention.output.LayerNorm.weight", [768]), ($"{p}.attention.output.LayerNorm.bias", [768]),
                ($"{p}.intermediate.dense.weight", [3072, 768]), ($"{p}.intermediate.dense.bias", [3072]),
                ($"{p}.output.dense.weight", [768, 3072]), ($"{p}.output.dense.bias", [768]),
                ($"{p}.output.LayerNorm.weight", [768]), ($"{p}.output.LayerNorm.bias", [768])]);
        }

        tensors.AddRange([
            ("cls.predictions.bias", [30522]), ("cls.predictions.transform.dense.weight", [768, 768]),
            ("cls.predictions.transform.dense.bias", [768]), ("cls.predictions.transform.LayerNorm.weight", [768]),
            ("cls.predictions.transform.LayerNorm.bias", [768])]);
        if (Order == HeaderOrder.Writer)
        {
            tensors.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        var builder = new SafetensorsBuilder().WithMetadata("format", "pt");
        foreach (var (name, shape) in tensors)
        {
            builder.Add(name, "F32", shape);
        }

        _header = builder.HeaderBytes();
        _fileLength = builder.FileLength;
    }

    [Benchmark]
    public async Task<ModelReport> InspectConfigAndSafetensorsHeader()
    {
        await using var source = new HeaderOnlySource(_config, _header, _fileLength);
        return ModelReport.From(await _inspector.InspectAsync(source));
    }

    /// <summary>A model folder whose weights file is only its header (the rest reads as zeros, as a sparse file would).</summary>
    private sealed class HeaderOnlySource(byte[] config, byte[] header, long fileLength) : IArtifactSource
    {
        private readonly ArtifactEntry[] _files = [new("config.json", config.Length), new("model.safetensors", fileLength)];

        public string Description => "benchmark";

        public string? RepoId => "google-bert/bert-base-uncased";

        public string? Revision => null;

        public ReadStatistics Statistics { get; } = new();

        public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ArtifactEntry>>(_files);

        public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
        {
            Statistics.Record(config.Length);
            return Task.FromResult(config.ToArray());
        }

        public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default)
        {
            var available = (int)Math.Max(0, Math.Min(count, header.Length - offset));
            var bytes = header.AsMemory((int)Math.Min(offset, header.Length), available);
            Statistics.Record(bytes.Length);
            return Task.FromResult(new RangeRead(bytes, fileLength));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
