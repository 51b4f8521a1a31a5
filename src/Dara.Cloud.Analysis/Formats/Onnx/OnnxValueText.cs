using System.Globalization;
using System.Text;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;

namespace Dara.Cloud.Analysis.Formats.Onnx;

/// <summary>Renders attribute values, types and shapes of the ONNX protobuf messages as DARA's parameter text.</summary>
internal static class OnnxValueText
{
    /// <summary>Lists longer than this are cut (ML tree ensembles carry thousands of floats no fingerprint needs).</summary>
    internal const int MaxListItems = 64;

    /// <summary>Strings longer than this are cut (EPContext nodes embed whole compiled engines as a string).</summary>
    internal const int MaxStringBytes = 256;

    private static readonly EnumDescriptor _attributeTypes = AttributeProto.Descriptor.FindDescriptor<EnumDescriptor>("AttributeType");

    public static OnnxAttribute Attribute(AttributeProto attribute)
    {
        var type = EffectiveType(attribute);
        // The enum's names as written in onnx.proto (SPARSE_TENSOR, not the generated SparseTensor).
        var typeName = _attributeTypes.FindValueByNumber((int)type)?.Name
            ?? "ATTRIBUTETYPE_" + ((int)type).ToString(CultureInfo.InvariantCulture);
        return new OnnxAttribute(attribute.Name, typeName, Value(attribute, type));
    }

    /// <summary>Old files (IR 1–2) leave <c>type</c> unset; the value field that is present says it.</summary>
    private static AttributeProto.Types.AttributeType EffectiveType(AttributeProto a)
    {
        if (a.Type != AttributeProto.Types.AttributeType.Undefined)
        {
            return a.Type;
        }

        return a switch
        {
            { HasF: true } => AttributeProto.Types.AttributeType.Float,
            { HasI: true } => AttributeProto.Types.AttributeType.Int,
            { HasS: true } => AttributeProto.Types.AttributeType.String,
            { T: not null } => AttributeProto.Types.AttributeType.Tensor,
            { G: not null } => AttributeProto.Types.AttributeType.Graph,
            { SparseTensor: not null } => AttributeProto.Types.AttributeType.SparseTensor,
            { Tp: not null } => AttributeProto.Types.AttributeType.TypeProto,
            { Floats.Count: > 0 } => AttributeProto.Types.AttributeType.Floats,
            { Ints.Count: > 0 } => AttributeProto.Types.AttributeType.Ints,
            { Strings.Count: > 0 } => AttributeProto.Types.AttributeType.Strings,
            { Tensors.Count: > 0 } => AttributeProto.Types.AttributeType.Tensors,
            { Graphs.Count: > 0 } => AttributeProto.Types.AttributeType.Graphs,
            { SparseTensors.Count: > 0 } => AttributeProto.Types.AttributeType.SparseTensors,
            { TypeProtos.Count: > 0 } => AttributeProto.Types.AttributeType.TypeProtos,
            _ => AttributeProto.Types.AttributeType.Undefined,
        };
    }

    private static string Value(AttributeProto a, AttributeProto.Types.AttributeType type)
    {
        if (a.HasRefAttrName && a.RefAttrName.Length > 0)
        {
            // Inside a function body: the value is the calling node's attribute of that name.
            return $"ref({a.RefAttrName})";
        }

        return type switch
        {
            AttributeProto.Types.AttributeType.Float => Float(a.F),
            AttributeProto.Types.AttributeType.Int => a.I.ToString(CultureInfo.InvariantCulture),
            AttributeProto.Types.AttributeType.String => String(a.S),
            AttributeProto.Types.AttributeType.Tensor => a.T is null ? "" : Tensor(a.T),
            AttributeProto.Types.AttributeType.Graph => a.G is null ? "" : Graph(a.G),
            AttributeProto.Types.AttributeType.SparseTensor => a.SparseTensor is null ? "" : SparseTensor(a.SparseTensor),
            AttributeProto.Types.AttributeType.TypeProto => a.Tp is null ? "" : Type(a.Tp),
            AttributeProto.Types.AttributeType.Floats => List(a.Floats, Float),
            AttributeProto.Types.AttributeType.Ints => List(a.Ints, i => i.ToString(CultureInfo.InvariantCulture)),
            AttributeProto.Types.AttributeType.Strings => List(a.Strings, String),
            AttributeProto.Types.AttributeType.Tensors => List(a.Tensors, Tensor),
            AttributeProto.Types.AttributeType.Graphs => List(a.Graphs, Graph),
            AttributeProto.Types.AttributeType.SparseTensors => List(a.SparseTensors, SparseTensor),
            AttributeProto.Types.AttributeType.TypeProtos => List(a.TypeProtos, Type),
            _ => "",
        };
    }

    /// <summary>Shortest text that round-trips, invariant culture ("0.001", "1E-05", "NaN").</summary>
    public static string Float(float value) => value.ToString(CultureInfo.InvariantCulture);

    public static string String(ByteString bytes)
    {
        if (bytes.Length <= MaxStringBytes)
        {
            return bytes.ToStringUtf8();
        }

        // Cut on a byte boundary; a split UTF-8 sequence at the end decodes to U+FFFD, which is fine for a preview.
        var head = Encoding.UTF8.GetString(bytes.Span[..MaxStringBytes]);
        return $"{head}… ({bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes)";
    }

    public static string Tensor(TensorProto tensor) =>
        $"tensor({OnnxDataTypes.TensorDType(tensor.DataType)}, {Dims(tensor.Dims)})";

    public static string SparseTensor(SparseTensorProto tensor) =>
        $"sparse_tensor({OnnxDataTypes.TensorDType(tensor.Values?.DataType ?? 0)}, {Dims(tensor.Dims)})";

    public static string Graph(GraphProto graph) => $"graph({graph.Name})";

    /// <summary>"[3, 3]" (the dims of a tensor; at most <see cref="MaxListItems"/> are written).</summary>
    public static string Dims(RepeatedField<long> dims) => List(dims, d => d.ToString(CultureInfo.InvariantCulture));

    /// <summary>A type as ONNX notation with DataType names: tensor(FLOAT), sequence(tensor(INT64)), map(STRING, tensor(FLOAT)).</summary>
    public static string Type(TypeProto type) => type.ValueCase switch
    {
        TypeProto.ValueOneofCase.TensorType => $"tensor({ElementName(type.TensorType)})",
        TypeProto.ValueOneofCase.SparseTensorType => $"sparse_tensor({OnnxDataTypes.OnnxName(type.SparseTensorType.ElemType)})",
        TypeProto.ValueOneofCase.SequenceType => $"sequence({InnerType(type.SequenceType.ElemType)})",
        TypeProto.ValueOneofCase.OptionalType => $"optional({InnerType(type.OptionalType.ElemType)})",
        TypeProto.ValueOneofCase.MapType =>
            $"map({OnnxDataTypes.OnnxName(type.MapType.KeyType)}, {InnerType(type.MapType.ValueType)})",
        _ => "",
    };

    /// <summary>A graph input/output's element type: the DataType name for tensors, the full type otherwise.</summary>
    public static string ValueElementType(TypeProto? type) => type?.ValueCase switch
    {
        null or TypeProto.ValueOneofCase.None => "",
        TypeProto.ValueOneofCase.TensorType => ElementName(type.TensorType),
        _ => Type(type),
    };

    /// <summary>Dimensions of a tensor or sparse tensor type: value, dim_param, or "?".</summary>
    public static IReadOnlyList<string> Shape(TypeProto? type)
    {
        var shape = type?.ValueCase switch
        {
            TypeProto.ValueOneofCase.TensorType => type.TensorType.Shape,
            TypeProto.ValueOneofCase.SparseTensorType => type.SparseTensorType.Shape,
            _ => null,
        };
        if (shape is null || shape.Dim.Count == 0)
        {
            return [];
        }

        var dims = new string[shape.Dim.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            var dim = shape.Dim[i];
            dims[i] = dim.ValueCase switch
            {
                TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => dim.DimValue.ToString(CultureInfo.InvariantCulture),
                TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam when dim.DimParam.Length > 0 => dim.DimParam,
                _ => "?",
            };
        }

        return dims;
    }

    private static string ElementName(TypeProto.Types.Tensor tensor) => OnnxDataTypes.OnnxName(tensor.ElemType);

    // Nested types are depth-limited by the wire scanner (protobuf nesting ≤ 100), so recursion is bounded.
    private static string InnerType(TypeProto? type) => type is null ? "" : Type(type);

    private static string List<T>(IReadOnlyList<T> items, Func<T, string> render)
    {
        var shown = Math.Min(items.Count, MaxListItems);
        var text = new StringBuilder("[");
        for (var i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(render(items[i]));
        }

        if (items.Count > shown)
        {
            text.Append(", … (").Append(items.Count.ToString(CultureInfo.InvariantCulture)).Append(" items)");
        }

        return text.Append(']').ToString();
    }
}
