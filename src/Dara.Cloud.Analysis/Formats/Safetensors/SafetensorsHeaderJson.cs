using System.Runtime.InteropServices;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.Safetensors;

/// <summary>A tensor entry as the header declares it, with its dtype resolved (for the layout checks).</summary>
internal readonly record struct SafetensorsHeaderEntry(SafetensorsTensor Tensor, SafetensorsDType DType);

/// <summary>
/// Reads the header JSON into tensor entries and the <c>__metadata__</c> map: the writers' plain form with
/// <see cref="CompactHeaderScanner"/>, anything else by streaming it with <see cref="Utf8JsonReader"/>, checking each
/// entry's syntax the way the Rust crate's serde structs do: <c>dtype</c> a known string,
/// <c>shape</c> an array of non-negative integers, <c>data_offsets</c> exactly two; unknown fields ignored;
/// duplicate keys rejected (the spec disallows them).
/// </summary>
internal static class SafetensorsHeaderJson
{
    private const string What = "header";
    /// <summary>The header's one key that is not a tensor.</summary>
    internal const string MetadataKey = "__metadata__";
    private const int MaxPresizedTensors = 65_536;

    public static (List<SafetensorsHeaderEntry> Entries, Dictionary<string, string> Metadata) Parse(
        string file, ReadOnlySpan<byte> json)
    {
        // A tensor's entry takes about a hundred bytes of JSON: sized from that, the lists rarely grow (capped, so a
        // huge header cannot make them reserve more than a little up front).
        var expectedTensors = Math.Min(json.Length / 100, MaxPresizedTensors);
        var entries = new List<SafetensorsHeaderEntry>(expectedTensors);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (CompactHeaderScanner.TryRead(json, entries, metadata, new DistinctKeys(expectedTensors), new ShapeCache()))
        {
            return (entries, metadata);
        }

        // Not in the writers' plain form: read it again from the start, with the messages only this reader gives.
        return ParseWithReader(file, json);
    }

    /// <summary>The general reader: any valid header, and a clear message for every invalid one.</summary>
    internal static (List<SafetensorsHeaderEntry> Entries, Dictionary<string, string> Metadata) ParseWithReader(
        string file, ReadOnlySpan<byte> json)
    {
        var entries = new List<SafetensorsHeaderEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new DistinctKeys();
        var shapes = new ShapeCache();
        var dims = new List<long>(8);
        var reader = BoundedJson.CreateReader(json);
        try
        {
            BoundedJson.Read(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ArtifactException(file, $"header must be a JSON object, not {BoundedJson.Describe(ref reader)}");
            }

            while (true)
            {
                BoundedJson.Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var key = reader.GetString()!;
                if (!keys.Add(key))
                {
                    throw new ArtifactException(file, $"header has the key {MessageText.Quote(key)} twice");
                }

                BoundedJson.Read(ref reader);
                if (key == MetadataKey)
                {
                    ReadMetadata(file, ref reader, metadata);
                }
                else if (entries.Count == SafetensorsHeaderReader.MaxTensors)
                {
                    throw new ArtifactException(file, $"header lists more than {SafetensorsHeaderReader.MaxTensors:N0} tensors");
                }
                else
                {
                    entries.Add(ReadTensor(file, key, ref reader, dims, shapes));
                }
            }

            // Anything but whitespace after the root object makes the reader throw here.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new ArtifactException(file, $"header is not valid JSON ({MessageText.JsonProblem(e)})", e);
        }
        catch (InvalidOperationException e)
        {
            // GetString on an escape that is not valid UTF-16 (a lone surrogate such as \ud800).
            throw new ArtifactException(file, $"header is not valid JSON ({OneLine(e.Message)})", e);
        }

        return (entries, metadata);
    }

    private static void ReadMetadata(string file, ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        // serde deserializes __metadata__ into Option<HashMap<String, String>>: null means "none".
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ArtifactException(file, $"__metadata__ must be an object of strings, not {BoundedJson.Describe(ref reader)}");
        }

        while (true)
        {
            BoundedJson.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var key = reader.GetString()!;
            BoundedJson.Read(ref reader);
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new ArtifactException(
                    file,
                    $"__metadata__ must map strings to strings, but {MessageText.Quote(key)} is {BoundedJson.Describe(ref reader)}");
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw new ArtifactException(file, $"__metadata__ has the key {MessageText.Quote(key)} twice");
            }
        }
    }

    private static SafetensorsHeaderEntry ReadTensor(string file, string name, ref Utf8JsonReader reader, List<long> dims, ShapeCache shapes)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} must be an object, not {BoundedJson.Describe(ref reader)}");
        }

        SafetensorsDType? dtype = null;
        long[]? shape = null;
        long begin = 0, end = 0;
        var seenOffsets = false;
        while (true)
        {
            BoundedJson.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.ValueTextEquals("dtype"u8))
            {
                BoundedJson.Read(ref reader);
                Once(file, name, "dtype", dtype is not null);
                dtype = ReadDType(file, name, ref reader);
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                BoundedJson.Read(ref reader);
                Once(file, name, "shape", shape is not null);
                shape = ReadShape(file, name, ref reader, dims, shapes);
            }
            else if (reader.ValueTextEquals("data_offsets"u8))
            {
                BoundedJson.Read(ref reader);
                Once(file, name, "data_offsets", seenOffsets);
                (begin, end) = ReadOffsets(file, name, ref reader);
                seenOffsets = true;
            }
            else
            {
                // The Rust TensorInfo struct does not deny unknown fields, so neither do we.
                BoundedJson.Read(ref reader);
                BoundedJson.SkipValue(ref reader, file, What);
            }
        }

        if (dtype is null || shape is null || !seenOffsets)
        {
            var missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} has no {missing}");
        }

        return new SafetensorsHeaderEntry(new SafetensorsTensor(name, dtype.Name, shape, begin, end), dtype);
    }

    private static void Once(string file, string name, string field, bool alreadySeen)
    {
        if (alreadySeen)
        {
            throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} has the key '{field}' twice");
        }
    }

    private static SafetensorsDType ReadDType(string file, string name, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} dtype must be a string, not {BoundedJson.Describe(ref reader)}");
        }

        var found = reader.ValueIsEscaped || reader.HasValueSequence
            ? SafetensorsDTypes.TryFind(reader.GetString()!, out var dtype)
            : SafetensorsDTypes.TryFind(reader.ValueSpan, out dtype);
        if (!found)
        {
            throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} has unknown dtype {BoundedJson.Describe(ref reader)}");
        }

        return dtype;
    }

    private static long[] ReadShape(string file, string name, ref Utf8JsonReader reader, List<long> dims, ShapeCache shapes)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} shape must be an array, not {BoundedJson.Describe(ref reader)}");
        }

        dims.Clear();
        while (true)
        {
            BoundedJson.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return shapes.Get(CollectionsMarshal.AsSpan(dims));
            }

            if (!BoundedJson.TryGetSafeInteger(ref reader, out var dim))
            {
                throw new ArtifactException(
                    file,
                    $"tensor {MessageText.Quote(name)} has shape dimension {BoundedJson.Describe(ref reader)}, not an integer between 0 and 2^53");
            }

            dims.Add(dim);
        }
    }

    private static (long Begin, long End) ReadOffsets(string file, string name, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} data_offsets must be an array, not {BoundedJson.Describe(ref reader)}");
        }

        Span<long> values = stackalloc long[2];
        var count = 0;
        while (true)
        {
            BoundedJson.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (count == 2)
            {
                throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} data_offsets must hold exactly two integers, but has more");
            }

            if (!BoundedJson.TryGetSafeInteger(ref reader, out values[count]))
            {
                throw new ArtifactException(
                    file,
                    $"tensor {MessageText.Quote(name)} has data offset {BoundedJson.Describe(ref reader)}, not an integer between 0 and 2^53");
            }

            count++;
        }

        if (count != 2)
        {
            throw new ArtifactException(file, $"tensor {MessageText.Quote(name)} data_offsets must hold exactly two integers, but has {count}");
        }

        return (values[0], values[1]);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}

/// <summary>
/// Tells whether a key was seen before. The safetensors writer lists keys in name order, and keys that keep rising
/// cannot repeat, so they are only compared with the last one; the first key out of order starts a hash set.
/// </summary>
internal sealed class DistinctKeys
{
    private List<string>? _rising;
    private HashSet<string>? _seen;

    public DistinctKeys(int expected = 0) => _rising = new List<string>(expected);

    /// <summary>False when <paramref name="key"/> was added before.</summary>
    public bool Add(string key)
    {
        if (_rising is not null)
        {
            if (_rising.Count == 0 || string.CompareOrdinal(_rising[^1], key) < 0)
            {
                _rising.Add(key);
                return true;
            }

            _seen = new HashSet<string>(_rising, StringComparer.Ordinal);
            _rising = null;
        }

        return _seen!.Add(key);
    }
}

/// <summary>
/// Hands out one array per distinct shape: a transformer's hundreds of tensors have a handful of shapes
/// (BERT-base: 199 tensors, 8 shapes), so identical shapes share an array instead of each allocating its own.
/// The arrays are only ever exposed as <see cref="IReadOnlyList{T}"/>, so sharing them is safe.
/// </summary>
internal sealed class ShapeCache
{
    // Bounded so a header of all-different shapes costs at most this many comparisons per tensor.
    private const int Capacity = 32;

    private readonly List<long[]> _shapes = new(Capacity);

    public long[] Get(ReadOnlySpan<long> dims)
    {
        foreach (var shape in _shapes)
        {
            if (dims.SequenceEqual(shape))
            {
                return shape;
            }
        }

        var created = dims.ToArray();
        if (_shapes.Count < Capacity)
        {
            _shapes.Add(created);
        }

        return created;
    }
}
