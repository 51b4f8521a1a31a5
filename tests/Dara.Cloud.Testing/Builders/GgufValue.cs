using Dara.Cloud.Analysis.Formats.Gguf;

namespace Dara.Cloud.Testing.Builders;

/// <summary>A GGUF metadata value to write with <see cref="GgufBuilder"/>: a type id and its payload.</summary>
public sealed class GgufValue
{
    private GgufValue(uint typeId, object payload)
    {
        TypeId = typeId;
        Payload = payload;
    }

    /// <summary>The value type id written before the value (may be invalid, see <see cref="Raw"/>).</summary>
    public uint TypeId { get; }

    /// <summary>The CLR value, a <see cref="GgufArrayPayload"/> for arrays, or the raw bytes of a <see cref="Raw"/> value.</summary>
    public object Payload { get; }

    public static GgufValue UInt8(byte value) => new((uint)GgufValueType.UInt8, value);

    public static GgufValue Int8(sbyte value) => new((uint)GgufValueType.Int8, value);

    public static GgufValue UInt16(ushort value) => new((uint)GgufValueType.UInt16, value);

    public static GgufValue Int16(short value) => new((uint)GgufValueType.Int16, value);

    public static GgufValue UInt32(uint value) => new((uint)GgufValueType.UInt32, value);

    public static GgufValue Int32(int value) => new((uint)GgufValueType.Int32, value);

    public static GgufValue UInt64(ulong value) => new((uint)GgufValueType.UInt64, value);

    public static GgufValue Int64(long value) => new((uint)GgufValueType.Int64, value);

    public static GgufValue Float32(float value) => new((uint)GgufValueType.Float32, value);

    public static GgufValue Float64(double value) => new((uint)GgufValueType.Float64, value);

    public static GgufValue Bool(bool value) => new((uint)GgufValueType.Bool, value);

    public static GgufValue String(string value) => new((uint)GgufValueType.String, value);

    /// <summary>An array of <paramref name="elementType"/> values (each item must be of that type).</summary>
    public static GgufValue Array(GgufValueType elementType, params GgufValue[] items) =>
        new((uint)GgufValueType.Array, new GgufArrayPayload((uint)elementType, items));

    /// <summary>A string array (e.g. a tokenizer vocabulary).</summary>
    public static GgufValue Strings(IEnumerable<string> items) =>
        Array(GgufValueType.String, items.Select(String).ToArray());

    /// <summary>An INT32 array (e.g. token types).</summary>
    public static GgufValue Int32s(IEnumerable<int> items) => Array(GgufValueType.Int32, items.Select(Int32).ToArray());

    /// <summary>A FLOAT32 array (e.g. token scores).</summary>
    public static GgufValue Float32s(IEnumerable<float> items) => Array(GgufValueType.Float32, items.Select(Float32).ToArray());

    /// <summary>
    /// Any type id followed by raw bytes, for broken files: an unknown type id, a BOOL byte of 7, a string length
    /// that lies, an array count of 2^60…
    /// </summary>
    public static GgufValue Raw(uint typeId, byte[] bytes) => new(typeId, new GgufRawPayload(bytes));
}

/// <summary>The payload of an array value.</summary>
public sealed record GgufArrayPayload(uint ElementTypeId, IReadOnlyList<GgufValue> Items);

/// <summary>Bytes written verbatim after a value's type id.</summary>
public sealed record GgufRawPayload(byte[] Bytes);
