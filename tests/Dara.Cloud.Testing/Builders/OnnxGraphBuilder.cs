using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using DataType = Dara.Cloud.Analysis.Formats.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Dara.Cloud.Testing.Builders;

/// <summary>
/// Builds one ONNX graph (the main graph or a subgraph) with the generated protobuf classes. The operator
/// helpers write the attributes onnxruntime's operator schemas check (Conv kernel_shape/pads/strides, Gemm
/// alpha/beta/transB, If then_branch/else_branch, Loop body), so the models load in onnxruntime.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly Dictionary<string, int> _namesPerOpType = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string name)
    {
        _graph = new GraphProto { Name = name };
    }

    public string Name => _graph.Name;

    /// <summary>A graph input: a tensor of <paramref name="type"/> with the given shape (empty = scalar).</summary>
    public OnnxGraphBuilder Input(string name, DataType type, params OnnxDim[] shape)
    {
        _graph.Input.Add(Value(name, type, shape));
        return this;
    }

    /// <summary>A graph input with no shape at all (unknown rank), as loop-carried values often are.</summary>
    public OnnxGraphBuilder InputWithoutShape(string name, DataType type)
    {
        _graph.Input.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } },
        });
        return this;
    }

    public OnnxGraphBuilder Output(string name, DataType type, params OnnxDim[] shape)
    {
        _graph.Output.Add(Value(name, type, shape));
        return this;
    }

    /// <summary>An initializer of zero bytes with the given dims.</summary>
    public OnnxGraphBuilder Initializer(string name, DataType type, params long[] dims) =>
        Initializer(OnnxTensors.Zeros(name, type, dims));

    public OnnxGraphBuilder Initializer(TensorProto tensor)
    {
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>
    /// Any node. An empty <paramref name="name"/> gets "&lt;OpType&gt;_&lt;n&gt;" (n counts that op type in this graph,
    /// as exporters name them: If_0, If_1); pass null to leave the node unnamed.
    /// </summary>
    public OnnxGraphBuilder Node(
        string opType, string[] inputs, string[] outputs, string? name = "", string domain = "", params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Domain = domain };
        if (name is not null)
        {
            var n = _namesPerOpType.GetValueOrDefault(opType);
            _namesPerOpType[opType] = n + 1;
            node.Name = name.Length > 0 ? name : $"{opType}_{n}";
        }

        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return this;
    }

    /// <summary>Conv (opset 11+): X [N, C, H, W], W [M, C/group, kH, kW], optional B [M].</summary>
    public OnnxGraphBuilder Conv(
        string x, string w, string? b, string y, long[] kernelShape, long[] pads, long[] strides, long group = 1, string name = "")
    {
        string[] inputs = b is null ? [x, w] : [x, w, b];
        return Node("Conv", inputs, [y], name, "",
            OnnxAttributes.Ints("kernel_shape", kernelShape),
            OnnxAttributes.Ints("pads", pads),
            OnnxAttributes.Ints("strides", strides),
            OnnxAttributes.Ints("dilations", [.. kernelShape.Select(_ => 1L)]),
            OnnxAttributes.Int("group", group));
    }

    /// <summary>Gemm: Y = alpha · A · B(ᵀ) + beta · C.</summary>
    public OnnxGraphBuilder Gemm(
        string a, string b, string c, string y, float alpha = 1f, float beta = 1f, bool transB = false, string name = "") =>
        Node("Gemm", [a, b, c], [y], name, "",
            OnnxAttributes.Float("alpha", alpha),
            OnnxAttributes.Float("beta", beta),
            OnnxAttributes.Int("transA", 0),
            OnnxAttributes.Int("transB", transB ? 1 : 0));

    public OnnxGraphBuilder Relu(string x, string y, string name = "") => Node("Relu", [x], [y], name);

    /// <summary>Flatten to 2-D at <paramref name="axis"/>.</summary>
    public OnnxGraphBuilder Flatten(string x, string y, long axis = 1, string name = "") =>
        Node("Flatten", [x], [y], name, "", OnnxAttributes.Int("axis", axis));

    /// <summary>A Constant node whose <c>value</c> attribute is <paramref name="value"/> (its name is ignored by ONNX).</summary>
    public OnnxGraphBuilder Constant(string output, TensorProto value, string name = "") =>
        Node("Constant", [], [output], name, "", OnnxAttributes.Tensor("value", value));

    /// <summary>If: runs <paramref name="thenBranch"/> or <paramref name="elseBranch"/> (no inputs; outer values visible).</summary>
    public OnnxGraphBuilder If(
        string condition, string[] outputs, OnnxGraphBuilder thenBranch, OnnxGraphBuilder elseBranch, string name = "") =>
        Node("If", [condition], outputs, name, "",
            OnnxAttributes.Graph("then_branch", thenBranch.Build()),
            OnnxAttributes.Graph("else_branch", elseBranch.Build()));

    /// <summary>
    /// Loop: <paramref name="body"/> takes (iteration_num INT64, cond BOOL, carried…) and returns (cond, carried…, scan outputs…).
    /// </summary>
    public OnnxGraphBuilder Loop(
        string maxTripCount, string condition, string[] carried, string[] outputs, OnnxGraphBuilder body, string name = "") =>
        Node("Loop", [maxTripCount, condition, .. carried], outputs, name, "", OnnxAttributes.Graph("body", body.Build()));

    /// <summary>A copy of the graph built so far (later changes to the builder do not affect it).</summary>
    public GraphProto Build() => _graph.Clone();

    private static ValueInfoProto Value(string name, DataType type, OnnxDim[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            var d = new TensorShapeProto.Types.Dimension();
            if (dim.Value is { } value)
            {
                d.DimValue = value;
            }
            else if (dim.Param is { } param)
            {
                d.DimParam = param;
            }

            shape.Dim.Add(d);
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
