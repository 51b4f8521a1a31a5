using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.WeightMaps;

/// <summary>
/// Reads a sharded checkpoint's weight map (<c>model.safetensors.index.json</c>, <c>pytorch_model.bin.index.json</c>,
/// diffusers' <c>diffusion_pytorch_model.safetensors.index.json</c>…; formats.md §1.6). Indexes of large MoEs reach
/// tens of MB, so the JSON is streamed with <see cref="Utf8JsonReader"/>; shard names are checked as huggingface.js
/// checks them, because they are later resolved as paths next to the index.
/// </summary>
public static class WeightMapReader
{
    /// <summary>Most distinct shard files accepted (huggingface.js's cap).</summary>
    public const int MaxShards = 10_000;

    /// <summary>Most tensors accepted: twice the largest real index seen (~497k tensors), yet a bounded dictionary.</summary>
    public const int MaxTensors = 1_000_000;

    /// <summary>Largest index file <see cref="ReadAsync"/> will read (the largest real ones are ~60 MB).</summary>
    public const long MaxIndexBytes = 128L * 1024 * 1024;

    private const string What = "weight map";

    /// <summary>True for file names that are weight maps: <c>*.index.json</c> next to safetensors or pickle shards.</summary>
    public static bool IsWeightMapFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const string suffix = ".index.json";
        if (!path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var weights = path[..^suffix.Length];
        return weights.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || PickleFiles.IsPickleWeightFile(weights);
    }

    /// <summary>Reads and parses an index through <paramref name="source"/> (at most <see cref="MaxIndexBytes"/>).</summary>
    /// <exception cref="ArtifactException">The index is too large or invalid.</exception>
    public static async Task<WeightMap> ReadAsync(IArtifactSource source, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var bytes = await source.ReadAllAsync(path, MaxIndexBytes, ct).ConfigureAwait(false);
        return Parse(path, bytes);
    }

    /// <summary>Parses an index held in memory.</summary>
    /// <param name="file">Path of the index inside the model, for messages and to tell an empty map's format.</param>
    /// <param name="json">The index file's bytes.</param>
    /// <exception cref="ArtifactException">The index is invalid, names an unsafe shard path or exceeds a cap.</exception>
    public static WeightMap Parse(string file, ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            throw new ArtifactException(file, "weight map is not valid UTF-8");
        }

        var result = new Parsed(file);
        var reader = BoundedJson.CreateReader(json);
        try
        {
            ReadRoot(ref reader, result);
        }
        catch (JsonException e)
        {
            throw new ArtifactException(file, $"weight map is not valid JSON ({MessageText.JsonProblem(e)})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new ArtifactException(file, $"weight map is not valid JSON ({MessageText.Printable(e.Message.ReplaceLineEndings(" "))})", e);
        }

        if (!result.SawWeightMap)
        {
            throw new ArtifactException(file, "weight map has no \"weight_map\" object");
        }

        return new WeightMap(file, FormatOf(file, result.Shards), result.TotalSize, result.TotalParameters, result.TensorToShard);
    }

    private static void ReadRoot(ref Utf8JsonReader reader, Parsed result)
    {
        BoundedJson.Read(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ArtifactException(result.File, $"weight map must be a JSON object, not {BoundedJson.Describe(ref reader)}");
        }

        var sawMetadata = false;
        while (true)
        {
            BoundedJson.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.ValueTextEquals("weight_map"u8))
            {
                BoundedJson.Read(ref reader);
                Once(result.File, "weight_map", result.SawWeightMap);
                result.SawWeightMap = true;
                ReadWeightMap(ref reader, result);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                BoundedJson.Read(ref reader);
                Once(result.File, "metadata", sawMetadata);
                sawMetadata = true;
                ReadMetadata(ref reader, result);
            }
            else
            {
                // Top-level extras ("dtype" in some indexes) are not needed.
                BoundedJson.Read(ref reader);
                BoundedJson.SkipValue(ref reader, result.File, What);
            }
        }

        while (reader.Read())
        {
        }
    }

    private static void Once(string file, string key, bool alreadySeen)
    {
        if (alreadySeen)
        {
            throw new ArtifactException(file, $"weight map has the key {MessageText.Quote(key)} twice");
        }
    }

    private static void ReadWeightMap(ref Utf8JsonReader reader, Parsed result)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ArtifactException(result.File, $"\"weight_map\" must be an object, not {BoundedJson.Describe(ref reader)}");
        }

        // Consecutive entries nearly always name the same shard: compare bytes with the previous one and reuse its
        // string instead of allocating a copy per tensor.
        byte[] previousShardUtf8 = [];
        var previousShard = "";
        while (true)
        {
            BoundedJson.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var tensor = reader.GetString()!;
            BoundedJson.Read(ref reader);
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new ArtifactException(
                    result.File,
                    $"weight_map entry {MessageText.Quote(tensor)} maps to {BoundedJson.Describe(ref reader)}, not a shard file name");
            }

            string shard;
            if (previousShardUtf8.Length > 0 && reader.ValueTextEquals(previousShardUtf8))
            {
                shard = previousShard;
            }
            else
            {
                shard = reader.GetString()!;
                if (!result.Shards.TryGetValue(shard, out var known))
                {
                    AddShard(result, shard);
                    known = shard;
                }

                shard = known;
                previousShard = shard;
                previousShardUtf8 = Encoding.UTF8.GetBytes(shard);
            }

            if (result.TensorToShard.Count == MaxTensors)
            {
                throw new ArtifactException(result.File, $"weight map lists more than {MaxTensors:N0} tensors");
            }

            if (!result.TensorToShard.TryAdd(tensor, shard))
            {
                throw new ArtifactException(result.File, $"weight map lists the tensor {MessageText.Quote(tensor)} twice");
            }
        }
    }

    private static void AddShard(Parsed result, string shard)
    {
        if (shard.Length == 0 || shard.Contains("..", StringComparison.Ordinal) || shard.StartsWith('/')
            || shard.Contains("://", StringComparison.Ordinal))
        {
            throw new ArtifactException(result.File, $"weight map names the unsafe shard path {MessageText.Quote(shard)}");
        }

        if (result.Shards.Count == MaxShards)
        {
            throw new ArtifactException(result.File, $"weight map names more than {MaxShards:N0} shard files");
        }

        result.Shards.Add(shard);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Parsed result)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ArtifactException(result.File, $"\"metadata\" must be an object, not {BoundedJson.Describe(ref reader)}");
        }

        while (true)
        {
            BoundedJson.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            if (reader.ValueTextEquals("total_size"u8))
            {
                BoundedJson.Read(ref reader);
                result.TotalSize = ReadCount(ref reader, result.File);
            }
            else if (reader.ValueTextEquals("total_parameters"u8))
            {
                BoundedJson.Read(ref reader);
                result.TotalParameters = ReadCount(ref reader, result.File);
            }
            else
            {
                BoundedJson.Read(ref reader);
                BoundedJson.SkipValue(ref reader, result.File, What);
            }
        }
    }

    /// <summary>
    /// A self-reported count: an integer, an integral float (<c>13731385408.0</c> occurs in real indexes) or a
    /// numeric string. Anything else (negative, fractional, text) is ignored as unusable — it is only metadata,
    /// and the shards themselves are the ground truth.
    /// </summary>
    private static long? ReadCount(ref Utf8JsonReader reader, string file)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var integer))
                {
                    return integer >= 0 ? integer : null;
                }

                return reader.TryGetDouble(out var number) ? FromDouble(number) : null;
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fromText) ? FromDouble(fromText) : null;
            default:
                BoundedJson.SkipValue(ref reader, file, What);
                return null;
        }
    }

    private static long? FromDouble(double value) =>
        double.IsFinite(value) && value >= 0 && value < 9.2e18 && Math.Floor(value) == value ? (long)value : null;

    private static string FormatOf(string file, HashSet<string> shards)
    {
        if (shards.Count == 0)
        {
            // An empty map says nothing about its shards; the index's own name does.
            return file.EndsWith(".safetensors.index.json", StringComparison.OrdinalIgnoreCase) ? "safetensors" : "pickle";
        }

        var safetensors = 0;
        var pickle = 0;
        foreach (var shard in shards)
        {
            if (shard.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            {
                safetensors++;
            }
            else if (PickleFiles.IsPickleWeightFile(shard))
            {
                pickle++;
            }
            else
            {
                throw new ArtifactException(
                    file, $"weight map shard {MessageText.Quote(shard)} is neither a .safetensors nor a pickle weight file");
            }
        }

        if (safetensors > 0 && pickle > 0)
        {
            throw new ArtifactException(file, $"weight map mixes {safetensors} safetensors and {pickle} pickle shards");
        }

        return safetensors > 0 ? "safetensors" : "pickle";
    }

    /// <summary>What the parse has collected so far.</summary>
    private sealed class Parsed(string file)
    {
        public string File { get; } = file;

        public bool SawWeightMap { get; set; }

        public long? TotalSize { get; set; }

        public long? TotalParameters { get; set; }

        public Dictionary<string, string> TensorToShard { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Shards { get; } = new(StringComparer.Ordinal);
    }
}
