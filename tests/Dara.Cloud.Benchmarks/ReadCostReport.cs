using System.Globalization;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Dara.Cloud.Benchmarks -- read-cost</c>: bytes read per model against its
/// weight size, for the real models whose safetensors weights are sharded with an index (so every tensor name is
/// known). The folders hold the weights only as Git LFS pointers, so for each shard the header read is computed from
/// the reader's rule — max(first read, 8 + N) — with N, the header length, estimated from the index's tensor names
/// (each tensor's JSON entry is its name plus about 70 bytes of dtype, shape and offsets). Everything else (config,
/// card head, index) is measured by reading the real folder.
/// </summary>
internal static class ReadCostReport
{
    private const int JsonBytesPerTensorBesidesName = 70;

    public static async Task RunAsync()
    {
        var rows = new List<(string Model, long Read, long Weights)>();
        foreach (var folder in RealData.ConfigFolders())
        {
            var indexPath = Path.Combine(folder, "model.safetensors.index.json");
            var sizes = LfsSizes(Path.Combine(folder, "_files.tsv"));
            if (!File.Exists(indexPath))
            {
                continue;
            }

            await using var source = new LocalFolderSource(folder);
            var artifacts = await new ModelInspector().InspectAsync(source);
            var map = artifacts.WeightMaps.FirstOrDefault(m => m.Format == "safetensors");
            if (map is null || map.Shards.Any(s => !sizes.ContainsKey(s)))
            {
                continue;
            }

            var headerReads = map.TensorToShard.GroupBy(p => p.Value)
                .Sum(shard => Math.Max(SafetensorsHeaderReader.FirstReadLength, 8 + shard.Sum(t => t.Key.Length + JsonBytesPerTensorBesidesName)));
            var weights = map.Shards.Sum(s => sizes[s]);
            rows.Add((Path.GetFileName(folder), artifacts.BytesRead + headerReads, weights));
        }

        Console.WriteLine("| model | bytes read | weight bytes | read / weights |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (model, read, weights) in rows.OrderBy(r => r.Weights))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {model} | {read:N0} | {weights:N0} | {100.0 * read / weights:0.0000}% |"));
        }

        var ratios = rows.Select(r => 100.0 * r.Read / r.Weights).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{rows.Count} sharded models; read/weights median {ratios[ratios.Count / 2]:0.0000}%, max {ratios[^1]:0.0000}%; models over 100 MB under 0.01%: {rows.Count(r => r.Weights > 100_000_000 && 100.0 * r.Read / r.Weights < 0.01)} of {rows.Count(r => r.Weights > 100_000_000)}"));
    }

    private static Dictionary<string, long> LfsSizes(string filesTsv) =>
        File.Exists(filesTsv)
            ? File.ReadLines(filesTsv).Skip(1).Select(l => l.Split('\t'))
                .Where(f => f.Length >= 4 && !f[0].Contains('/') && f[2] == "lfs-pointer" && long.TryParse(f[3], out _))
                .ToDictionary(f => f[0], f => long.Parse(f[3], CultureInfo.InvariantCulture))
            : [];
}
