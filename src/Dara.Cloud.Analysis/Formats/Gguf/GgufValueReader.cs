using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.Gguf;

/// <summary>
/// Reads GGUF metadata values (formats.md §2.2) into CLR values: integers as <see cref="long"/> (UINT64 as
/// <see cref="ulong"/>), floats as <see cref="double"/>, BOOL as <see cref="bool"/>, STRING as <see cref="string"/>,
/// short arrays as <c>IReadOnlyList&lt;object&gt;</c>. Long arrays (tokenizer vocabularies, scores, merges) are
/// skipped element by element — never kept — and reported as a <see cref="GgufArraySummary"/>.
/// </summary>
internal static class GgufValueReader
{
    /// <summary>Reads a metadata entry's value type and value.</summary>
    public static async ValueTask<object> ReadEntryValueAsync(string file, GgufByteReader reader, string key, CancellationToken ct)
    {
        await reader.EnsureAsync(4, ct).ConfigureAwait(false);
        var type = CheckType(file, key, reader.ReadUInt32());
        return await ReadValueAsync(file, reader, key, type, 0, new KeptElements(), ct).ConfigureAwait(false);
    }

    private static async ValueTask<object> ReadValueAsync(
        string file, GgufByteReader reader, string key, GgufValueType type, int depth, KeptElements kept, CancellationToken ct)
    {
        switch (type)
        {
            case GgufValueType.String:
                var length = await ReadStringLengthAsync(file, reader, key, ct).ConfigureAwait(false);
                return await reader.ReadStringAsync(length, ct).ConfigureAwait(false);
            case GgufValueType.Array:
                return await ReadArrayAsync(file, reader, key, depth + 1, kept, ct).ConfigureAwait(false);
            default:
                await reader.EnsureAsync(GgufValueTypes.FixedSize(type), ct).ConfigureAwait(false);
                return ReadScalar(file, reader, key, type);
        }
    }

    private static object ReadScalar(string file, GgufByteReader reader, string key, GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => (long)reader.ReadByte(),
        GgufValueType.Int8 => (long)(sbyte)reader.ReadByte(),
        GgufValueType.UInt16 => (long)reader.ReadUInt16(),
        GgufValueType.Int16 => (long)(short)reader.ReadUInt16(),
        GgufValueType.UInt32 => (long)reader.ReadUInt32(),
        GgufValueType.Int32 => (long)(int)reader.ReadUInt32(),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => (long)reader.ReadUInt64(),
        GgufValueType.Float32 => (double)reader.ReadSingle(),
        GgufValueType.Float64 => reader.ReadDouble(),
        GgufValueType.Bool => reader.ReadByte() switch
        {
            0 => false,
            1 => true,
            var other => throw new ArtifactException(file, $"GGUF metadata {MessageText.Quote(key)} has BOOL value {other} (only 0 and 1 are valid)"),
        },
        _ => throw new InvalidOperationException($"{type} is not a scalar type."),
    };

    private static async ValueTask<object> ReadArrayAsync(
        string file, GgufByteReader reader, string key, int depth, KeptElements kept, CancellationToken ct)
    {
        var (elementType, count) = await ReadArrayPrefixAsync(file, reader, key, depth, ct).ConfigureAwait(false);
        if (!kept.TryTake(count))
        {
            await SkipValuesAsync(file, reader, key, elementType, count, depth, ct).ConfigureAwait(false);
            return new GgufArraySummary(GgufValueTypes.Name(elementType), count);
        }

        var values = new object[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = await ReadValueAsync(file, reader, key, elementType, depth, kept, ct).ConfigureAwait(false);
        }

        return values;
    }

    /// <summary>An array's element type and count, refused when too deep, too long or unable to fit.</summary>
    private static async ValueTask<(GgufValueType ElementType, int Count)> ReadArrayPrefixAsync(
        string file, GgufByteReader reader, string key, int depth, CancellationToken ct)
    {
        if (depth > GgufHeaderReader.MaxArrayNesting)
        {
            throw new ArtifactException(file, $"GGUF metadata {MessageText.Quote(key)} nests arrays deeper than {GgufHeaderReader.MaxArrayNesting} levels");
        }

        await reader.EnsureAsync(12, ct).ConfigureAwait(false);
        var elementType = CheckType(file, key, reader.ReadUInt32());
        var count = reader.ReadUInt64();
        if (count > GgufHeaderReader.MaxArrayLength)
        {
            throw new ArtifactException(
                file, $"GGUF metadata {MessageText.Quote(key)} is an array of {count} elements; at most {GgufHeaderReader.MaxArrayLength:N0} are accepted");
        }

        var minimumBytes = (long)count * GgufValueTypes.MinimumSize(elementType);
        var room = reader.Limit - reader.Position;
        if (minimumBytes > room)
        {
            throw new ArtifactException(
                file, $"GGUF metadata {MessageText.Quote(key)} is an array of {count} {GgufValueTypes.Name(elementType)} values, which cannot fit in the {room} bytes left");
        }

        return (elementType, (int)count);
    }

    private static async ValueTask SkipValuesAsync(
        string file, GgufByteReader reader, string key, GgufValueType type, int count, int depth, CancellationToken ct)
    {
        switch (type)
        {
            case GgufValueType.String:
                for (var i = 0; i < count; i++)
                {
                    i += reader.SkipBufferedStrings(count - i, GgufHeaderReader.MaxStringLength);
                    if (i == count)
                    {
                        break;
                    }

                    // The next string is not wholly buffered (or is invalid): read it the checked, fetching way.
                    var length = await ReadStringLengthAsync(file, reader, key, ct).ConfigureAwait(false);
                    await reader.SkipAsync(length, ct).ConfigureAwait(false);
                }

                break;
            case GgufValueType.Array:
                for (var i = 0; i < count; i++)
                {
                    var (elementType, elements) = await ReadArrayPrefixAsync(file, reader, key, depth + 1, ct).ConfigureAwait(false);
                    await SkipValuesAsync(file, reader, key, elementType, elements, depth + 1, ct).ConfigureAwait(false);
                }

                break;
            default:
                await reader.SkipAsync((long)count * GgufValueTypes.FixedSize(type), ct).ConfigureAwait(false);
                break;
        }
    }

    private static async ValueTask<int> ReadStringLengthAsync(string file, GgufByteReader reader, string key, CancellationToken ct)
    {
        await reader.EnsureAsync(8, ct).ConfigureAwait(false);
        var length = reader.ReadUInt64();
        if (length > GgufHeaderReader.MaxStringLength)
        {
            throw new ArtifactException(
                file, $"GGUF metadata {MessageText.Quote(key)} has a string of {length} bytes; at most {GgufHeaderReader.MaxStringLength:N0} are accepted");
        }

        return (int)length;
    }

    private static GgufValueType CheckType(string file, string key, uint typeId) =>
        GgufValueTypes.IsDefined(typeId)
            ? (GgufValueType)typeId
            : throw new ArtifactException(file, $"GGUF metadata {MessageText.Quote(key)} has unknown value type id {typeId}");
}

/// <summary>
/// How many more array elements one metadata value may keep. The cap is on the whole value, nested arrays included:
/// capped per array, 64 arrays of 64 arrays of 64 arrays of 64 bytes (19 MB in the file) kept 16.7 million boxed
/// values, 1.6 GB per key. A nested array that does not fit is summarized like a long one.
/// </summary>
internal sealed class KeptElements
{
    private int _left = GgufHeaderReader.MaxKeptArrayLength;

    public bool TryTake(int count)
    {
        if (count > _left)
        {
            return false;
        }

        _left -= count;
        return true;
    }
}
