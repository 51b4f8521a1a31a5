using System.Globalization;

namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>
/// Names of ONNX <c>TensorProto.DataType</c> ids (formats.md §3.3), in ONNX's own spelling and in the
/// safetensors spelling <see cref="TensorSpec.DType"/> uses across formats.
/// </summary>
public static class OnnxDataTypes
{
    // Index = DataType id. ONNX names as in the DataType enum; safetensors names where safetensors has the type,
    // otherwise the same U/I/F + bits pattern (U4, I4, U2, I2, C128) so sizes stay readable.
    private static readonly (string Onnx, string Tensor)[] _names =
    [
        ("UNDEFINED", "UNDEFINED"),
        ("FLOAT", "F32"),
        ("UINT8", "U8"),
        ("INT8", "I8"),
        ("UINT16", "U16"),
        ("INT16", "I16"),
        ("INT32", "I32"),
        ("INT64", "I64"),
        ("STRING", "STRING"),
        ("BOOL", "BOOL"),
        ("FLOAT16", "F16"),
        ("DOUBLE", "F64"),
        ("UINT32", "U32"),
        ("UINT64", "U64"),
        ("COMPLEX64", "C64"),
        ("COMPLEX128", "C128"),
        ("BFLOAT16", "BF16"),
        ("FLOAT8E4M3FN", "F8_E4M3"),
        ("FLOAT8E4M3FNUZ", "F8_E4M3FNUZ"),
        ("FLOAT8E5M2", "F8_E5M2"),
        ("FLOAT8E5M2FNUZ", "F8_E5M2FNUZ"),
        ("UINT4", "U4"),
        ("INT4", "I4"),
        ("FLOAT4E2M1", "F4"),
        ("FLOAT8E8M0", "F8_E8M0"),
        ("UINT2", "U2"),
        ("INT2", "I2"),
    ];

    /// <summary>The ONNX name of a DataType id ("FLOAT", "INT64"); "DATATYPE_&lt;id&gt;" for an id ONNX 1.20 does not define.</summary>
    public static string OnnxName(int dataType) =>
        dataType >= 0 && dataType < _names.Length ? _names[dataType].Onnx : Unknown(dataType);

    /// <summary>The safetensors-style name of a DataType id (FLOAT → "F32", BFLOAT16 → "BF16", INT4 → "I4");
    /// "DATATYPE_&lt;id&gt;" for an id ONNX 1.20 does not define.</summary>
    public static string TensorDType(int dataType) =>
        dataType >= 0 && dataType < _names.Length ? _names[dataType].Tensor : Unknown(dataType);

    private static string Unknown(int dataType) => "DATATYPE_" + dataType.ToString(CultureInfo.InvariantCulture);
}
