using System.Runtime.InteropServices;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf;
using DataType = Dara.Cloud.Analysis.Formats.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Dara.Cloud.Testing.Builders;

/// <summary>TensorProtos for test models: real little-endian raw_data of the right length, or external data.</summary>
public static class OnnxTensors
{
    /// <summary>A tensor of <paramref name="type"/> filled with zero bytes (sized exactly for its dims).</summary>
    public static TensorProto Zeros(string name, DataType type, params long[] dims)
    {
        var tensor = Shell(name, type, dims);
        tensor.RawData = ByteString.CopyFrom(new byte[ByteLength(type, ElementCount(dims))]);
        return tensor;
    }

    /// <summary>A FLOAT tensor holding <paramref name="values"/>.</summary>
    public static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        var tensor = Shell(name, DataType.Float, dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    /// <summary>An INT64 tensor holding <paramref name="values"/> (a scalar when <paramref name="dims"/> is empty).</summary>
    public static TensorProto Int64s(string name, long[] values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        var tensor = Shell(name, DataType.Int64, dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    /// <summary>A BOOL tensor holding <paramref name="values"/> (a scalar when <paramref name="dims"/> is empty).</summary>
    public static TensorProto Bools(string name, bool[] values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        var tensor = Shell(name, DataType.Bool, dims);
        tensor.RawData = ByteString.CopyFrom(values.Select(v => v ? (byte)1 : (byte)0).ToArray());
        return tensor;
    }

    /// <summary>
    /// A tensor whose bytes live in another file (data_location EXTERNAL): declares any size without carrying
    /// the bytes, for tests about big models. onnxruntime cannot load it without the external file.
    /// </summary>
    public static TensorProto External(string name, DataType type, string location, params long[] dims)
    {
        var tensor = Shell(name, type, dims);
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "0" });
        tensor.ExternalData.Add(new StringStringEntryProto
        {
            Key = "length",
            Value = ByteLength(type, ElementCount(dims)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return tensor;
    }

    /// <summary>Bytes of <paramref name="elements"/> values of <paramref name="type"/> in raw_data (4-bit types packed two per byte).</summary>
    public static long ByteLength(DataType type, long elements) => type switch
    {
        DataType.Bool or DataType.Int8 or DataType.Uint8 or DataType.Float8E4M3Fn or DataType.Float8E4M3Fnuz
            or DataType.Float8E5M2 or DataType.Float8E5M2Fnuz or DataType.Float8E8M0 => elements,
        DataType.Float16 or DataType.Bfloat16 or DataType.Int16 or DataType.Uint16 => elements * 2,
        DataType.Float or DataType.Int32 or DataType.Uint32 => elements * 4,
        DataType.Double or DataType.Int64 or DataType.Uint64 or DataType.Complex64 => elements * 8,
        DataType.Complex128 => elements * 16,
        DataType.Int4 or DataType.Uint4 or DataType.Float4E2M1 => (elements + 1) / 2,
        DataType.Int2 or DataType.Uint2 => (elements + 3) / 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no fixed-width raw_data encoding"),
    };

    private static TensorProto Shell(string name, DataType type, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static long ElementCount(long[] dims) => dims.Aggregate(1L, (n, d) => checked(n * d));

    private static void CheckCount(int count, long[] dims)
    {
        if (count != ElementCount(dims))
        {
            throw new ArgumentException($"{count} values do not fill dims [{string.Join(", ", dims)}]");
        }
    }
}
