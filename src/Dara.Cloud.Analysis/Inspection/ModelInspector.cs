using System.Collections.Concurrent;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Config;
using Dara.Cloud.Analysis.Formats.Gguf;
using Dara.Cloud.Analysis.Formats.ModelCards;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Analysis.Formats.WeightMaps;

namespace Dara.Cloud.Analysis.Inspection;

/// <summary>
/// Reads a model's published files into <see cref="ModelArtifacts"/>: chooses which files matter, reads each with
/// its reader, and records a file that cannot be read as a problem instead of giving up on the whole model.
/// </summary>
public sealed class ModelInspector(InspectorOptions? options = null)
{
    private readonly InspectorOptions _options = options ?? InspectorOptions.Default;

    public async Task<ModelArtifacts> InspectAsync(IArtifactSource source, CancellationToken cancellationToken = default)
    {
        var files = await source.ListAsync(cancellationToken).ConfigureAwait(false);
        var plan = ReadPlan.For(files, _options);
        var problems = new ConcurrentQueue<ArtifactProblem>();
        var read = new ConcurrentQueue<string>();

        async Task<T?> Try<T>(string path, Func<Task<T>> reader)
            where T : class
        {
            try
            {
                read.Enqueue(path);
                return await reader().ConfigureAwait(false);
            }
            catch (ArtifactException e) when (e is not HubUnavailableException)
            {
                // A Hub out of reach says nothing about the file: it ends the whole read (below), so that no report,
                // and no verdict cached by commit, is built from what a passing outage hid.
                problems.Enqueue(new ArtifactProblem(e.File, e.Problem));
                return null;
            }
        }

        var config = plan.Config is { } configPath
            ? await Try(configPath, () => ConfigJsonReader.ReadAsync(source, configPath, cancellationToken)).ConfigureAwait(false)
            : null;
        if (config is not null && config.EffectiveQuantization is null && plan.QuantizeConfig is { } quantizePath)
        {
            var quantize = await Try(quantizePath, () => ConfigJsonReader.ReadAsync(source, quantizePath, cancellationToken)).ConfigureAwait(false);
            config = quantize?.Quantization is { } q ? config with { Quantization = q } : config;
        }

        var card = plan.Card is { } cardPath
            ? await Try(cardPath, () => ModelCardReader.ReadAsync(source, cardPath, cancellationToken)).ConfigureAwait(false)
            : null;

        foreach (var skipped in plan.SkippedWeightMaps)
        {
            problems.Enqueue(new ArtifactProblem(
                skipped, $"not read: the model's weight maps would together take more than {_options.MaxWeightMapBytes:N0} bytes"));
        }

        var weightMaps = await ReadAllAsync(plan.WeightMaps, path => Try(path, () => WeightMapReader.ReadAsync(source, path, cancellationToken)), cancellationToken).ConfigureAwait(false);

        var pointers = new ConcurrentDictionary<string, GitLfsPointer>(StringComparer.Ordinal);
        async Task<T?> TryWeights<T>(ArtifactEntry entry, Func<Task<T>> reader)
            where T : class
        {
            // A clone without LFS leaves ~130-byte pointer files where weights should be: a fact, not an error.
            if (entry.Size is <= GitLfsPointer.MaxPointerLength)
            {
                var head = await Try(entry.Path, async () => (await source.ReadRangeAsync(entry.Path, 0, GitLfsPointer.MaxPointerLength, cancellationToken).ConfigureAwait(false)).Bytes.ToArray()).ConfigureAwait(false);
                if (head is not null && GitLfsPointer.TryParse(head) is { } pointer)
                {
                    pointers[entry.Path] = pointer;
                    return null;
                }
            }

            return await Try(entry.Path, reader).ConfigureAwait(false);
        }

        var headerBudget = new SafetensorsHeaderBudget(_options.MaxSafetensorsHeaderBytes);
        var safetensors = await ReadAllAsync(plan.Safetensors, entry => TryWeights(entry, () => SafetensorsHeaderReader.ReadAsync(source, entry.Path, headerBudget, cancellationToken)), cancellationToken).ConfigureAwait(false);
        var gguf = await ReadAllAsync(plan.Gguf, entry => TryWeights(entry, () => GgufHeaderReader.ReadAsync(source, entry.Path, cancellationToken)), cancellationToken).ConfigureAwait(false);
        // One graph at a time: each is held whole (up to MaxOnnxBytes) and parsed to about three times that, so reading
        // MaxOnnxFiles of them at once would multiply the cap (8 × 1 GiB is more memory than most machines have). Other
        // inspections in the process read graphs too: each read first reserves its share of the process's budget.
        var onnx = await ReadAllAsync(plan.Onnx, entry => TryWeights(entry, () => ReadOnnxWithinBudgetAsync(source, entry, cancellationToken)), cancellationToken, concurrency: 1).ConfigureAwait(false);

        return new ModelArtifacts
        {
            Source = source.Description,
            RepoId = source.RepoId,
            Revision = source.Revision,
            Files = files,
            Config = config,
            Card = card,
            Safetensors = safetensors.OrderBy(h => h.File, StringComparer.Ordinal).ToList(),
            WeightMaps = weightMaps,
            Gguf = gguf,
            Onnx = onnx.OrderBy(g => g.File, StringComparer.Ordinal).ToList(),
            PickleFiles = plan.Pickles,
            LfsPointers = new SortedDictionary<string, GitLfsPointer>(pointers, StringComparer.Ordinal),
            IsSentenceTransformer = plan.IsSentenceTransformer,
            Problems = problems.OrderBy(p => p.File, StringComparer.Ordinal).ToList(),
            FilesRead = read.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            BytesRead = source.Statistics.BytesRead,
            Reads = source.Statistics.Reads,
        };
    }

    private async Task<OnnxGraph> ReadOnnxWithinBudgetAsync(IArtifactSource source, ArtifactEntry entry, CancellationToken cancellationToken)
    {
        // A size the listing does not give, or one over the cap (refused by the reader anyway), counts as the cap.
        var fileBytes = Math.Min(entry.Size ?? _options.MaxOnnxBytes, _options.MaxOnnxBytes);
        using var reservation = await _options.ReadMemory.ReserveAsync(OnnxGraphReader.PeakMemory(fileBytes), cancellationToken).ConfigureAwait(false);
        return await OnnxGraphReader.ReadAsync(source, entry.Path, _options.MaxOnnxBytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<TResult>> ReadAllAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, Func<TItem, Task<TResult?>> read, CancellationToken cancellationToken, int? concurrency = null)
        where TResult : class
    {
        var results = new TResult?[items.Count];
        var degree = Math.Min(concurrency ?? _options.Concurrency, _options.Concurrency);
        if (items.Count <= 1 || degree == 1)
        {
            // Nothing to overlap (most models have one weights file): Parallel.ForAsync would only move the work to
            // the thread pool and back, which costs more than a small header's parsing.
            for (var i = 0; i < items.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = await read(items[i]).ConfigureAwait(false);
            }

            return results.OfType<TResult>().ToList();
        }

        await Parallel.ForAsync(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = cancellationToken }, async (i, _) =>
            results[i] = await read(items[i]).ConfigureAwait(false)).ConfigureAwait(false);
        return results.OfType<TResult>().ToList();
    }

    /// <summary>Which files of a listing get read, decided from names and sizes alone.</summary>
    private sealed record ReadPlan(
        string? Config,
        string? QuantizeConfig,
        string? Card,
        IReadOnlyList<string> WeightMaps,
        IReadOnlyList<string> SkippedWeightMaps,
        IReadOnlyList<ArtifactEntry> Safetensors,
        IReadOnlyList<ArtifactEntry> Gguf,
        IReadOnlyList<ArtifactEntry> Onnx,
        IReadOnlyList<string> Pickles,
        bool IsSentenceTransformer)
    {
        public static ReadPlan For(IReadOnlyList<ArtifactEntry> files, InspectorOptions options)
        {
            var root = files.Where(f => !f.Path.Contains('/')).ToList();
            string? Root(string name) => root.FirstOrDefault(f => f.Path.Equals(name, StringComparison.Ordinal))?.Path;
            bool Is(ArtifactEntry f, string extension) => f.Path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
            var (weightMaps, skippedWeightMaps) = WithinBudget(
                root.Where(f => WeightMapReader.IsWeightMapFile(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal), options.MaxWeightMapBytes);

            return new ReadPlan(
                Config: Root("config.json") ?? Root("params.json") ?? Root("model_index.json"),
                QuantizeConfig: Root("quantize_config.json"),
                Card: Root("README.md") ?? Root("readme.md"),
                WeightMaps: weightMaps,
                SkippedWeightMaps: skippedWeightMaps,
                Safetensors: root.Where(f => Is(f, ".safetensors")).OrderBy(f => f.Path, StringComparer.Ordinal).Take(options.MaxSafetensorsFiles).ToList(),
                Gguf: root.Where(f => Is(f, ".gguf")).OrderBy(f => f.Path, StringComparer.Ordinal).Take(options.MaxGgufFiles).ToList(),
                Onnx: files.Where(f => Is(f, ".onnx")).OrderBy(f => f.Path, StringComparer.Ordinal).Take(options.MaxOnnxFiles).ToList(),
                Pickles: files.Where(f => PickleFiles.IsPickleWeightFile(f.Path)).Select(f => f.Path).Order(StringComparer.Ordinal).ToList(),
                IsSentenceTransformer: Root("modules.json") is not null || Root("sentence_bert_config.json") is not null);
        }

        /// <summary>
        /// Weight maps in name order while their listed sizes fit the budget. Each may be 128 MiB and is kept parsed
        /// (about three times that), and a folder may hold any number of them; real models have one or two of a few MB.
        /// A size the listing does not give counts as the reader's own cap.
        /// </summary>
        private static (List<string> Read, List<string> Skipped) WithinBudget(IEnumerable<ArtifactEntry> maps, long budget)
        {
            var (read, skipped) = (new List<string>(), new List<string>());
            foreach (var map in maps)
            {
                var size = map.Size ?? WeightMapReader.MaxIndexBytes;
                (size <= budget ? read : skipped).Add(map.Path);
                budget -= size <= budget ? size : 0;
            }

            return (read, skipped);
        }
    }
}
