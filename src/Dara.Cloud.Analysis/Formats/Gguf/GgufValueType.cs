namespace Dara.Cloud.Analysis.Formats.Gguf;

/// <summary>GGUF metadata value type ids (formats.md §2.2, ggml <c>enum gguf_type</c>).</summary>
public enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>Sizes and names of <see cref="GgufValueType"/>s.</summary>
public static class GgufValueTypes
{
    /// <summary>True for the 13 ids the format defines.</summary>
    public static bool IsDefined(uint id) => id <= (uint)GgufValueType.Float64;

    /// <summary>Bytes of one value of a fixed-size type; 0 for STRING and ARRAY, whose size is in the data.</summary>
    public static int FixedSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        _ => 0,
    };

    /// <summary>The fewest bytes one value can take (a string's 8-byte length, an array's 12-byte type and count).</summary>
    public static int MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.String => 8,
        GgufValueType.Array => 12,
        _ => FixedSize(type),
    };

    /// <summary>The spec's upper-case name (UINT8, FLOAT32, STRING…).</summary>
    public static string Name(GgufValueType type) => type.ToString().ToUpperInvariant();
}
