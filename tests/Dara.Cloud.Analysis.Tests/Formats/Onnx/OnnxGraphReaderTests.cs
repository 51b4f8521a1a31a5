using System.Collections;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Testing.Builders;
using Google.Protobuf;
using DataType = Dara.Cloud.Analysis.Formats.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Dara.Cloud.Analysis.Tests.Formats.Onnx;

/// <summary>Models built in code read back as they were built.</summary>
public sealed class OnnxGraphReaderTests
{
    private static OnnxGraph Read(OnnxModelBuilder builder) => OnnxGraphReader.Parse("model.onnx", builder.ToBytes());

    private static OnnxGraph Read(ModelProto model) => OnnxGraphReader.Parse("model.onnx", model.ToByteArray());

    [Fact]
    public void Model_header_opsets_and_metadata_are_read()
    {
        var graph = Read(OnnxSampleModels.ConvNetWithControlFlow().Opset("com.microsoft", 1).Producer("pytorch", "2.5.1"));

        Assert.Equal("model.onnx", graph.File);
        Assert.Equal(8, graph.IrVersion);
        Assert.Equal("pytorch", graph.ProducerName);
        Assert.Equal("2.5.1", graph.ProducerVersion);
        Assert.Equal("convnet", graph.GraphName);
        Assert.Equal(new Dictionary<string, long> { ["ai.onnx"] = 17, ["com.microsoft"] = 1 }, graph.Opsets);
        Assert.Equal(new Dictionary<string, string> { ["model_author"] = "Dara.Cloud tests" }, graph.MetadataProps);
    }

    [Fact]
    public void Nodes_of_If_and_Loop_subgraphs_follow_their_node_with_the_graph_path()
    {
        var graph = Read(OnnxSampleModels.ConvNetWithControlFlow());

        Assert.Equal(
            [
                ("", "conv", "Conv"), ("", "Relu_0", "Relu"), ("", "Flatten_0", "Flatten"), ("", "Gemm_0", "Gemm"),
                ("", "If_0", "If"),
                ("If_0/then_branch", "Relu_0", "Relu"),
                ("If_0/else_branch", "Identity_0", "Identity"),
                ("", "Loop_0", "Loop"),
                ("Loop_0/body", "Constant_0", "Constant"), ("Loop_0/body", "Add_0", "Add"), ("Loop_0/body", "Identity_0", "Identity"),
            ],
            graph.Nodes.Select(n => (n.GraphPath, n.Name, n.OpType)));
        Assert.All(graph.Nodes, n => Assert.Equal("ai.onnx", n.Domain));
        var loop = graph.Nodes.Single(n => n.OpType == "Loop");
        Assert.Equal(["trip_count", "keep_going", "gated"], loop.Inputs);
        Assert.Equal(["y"], loop.Outputs);
        Assert.Equal(["logits"], graph.Nodes.Single(n => n.GraphPath == "If_0/then_branch").Inputs);
    }

    [Fact]
    public void Attributes_are_rendered_as_parameter_text()
    {
        var graph = Read(OnnxSampleModels.ConvNetWithControlFlow());

        Assert.Equal(
            [
                new OnnxAttribute("kernel_shape", "INTS", "[3, 3]"),
                new OnnxAttribute("pads", "INTS", "[1, 1, 1, 1]"),
                new OnnxAttribute("strides", "INTS", "[1, 1]"),
                new OnnxAttribute("dilations", "INTS", "[1, 1]"),
                new OnnxAttribute("group", "INT", "1"),
            ],
            graph.Nodes.Single(n => n.OpType == "Conv").Attributes);
        Assert.Equal(
            [
                new OnnxAttribute("alpha", "FLOAT", "1"),
                new OnnxAttribute("beta", "FLOAT", "1"),
                new OnnxAttribute("transA", "INT", "0"),
                new OnnxAttribute("transB", "INT", "1"),
            ],
            graph.Nodes.Single(n => n.OpType == "Gemm").Attributes);
        Assert.Equal(
            [new OnnxAttribute("then_branch", "GRAPH", "graph(relu_branch)"), new OnnxAttribute("else_branch", "GRAPH", "graph(identity_branch)")],
            graph.Nodes.Single(n => n.OpType == "If").Attributes);
        Assert.Equal(
            [new OnnxAttribute("value", "TENSOR", "tensor(F32, [])")],
            graph.Nodes.Single(n => n.OpType == "Constant").Attributes);
    }

    [Fact]
    public void Every_attribute_type_has_its_text_form()
    {
        var builder = new OnnxModelBuilder();
        builder.Graph.Node("Custom", ["x"], ["y"], "custom", "org.example",
            OnnxAttributes.Float("epsilon", 1e-5f),
            OnnxAttributes.Float("momentum", 0.9f),
            OnnxAttributes.Int("axis", -1),
            OnnxAttributes.String("auto_pad", "NOTSET"),
            OnnxAttributes.String("label", "Größe"),
            OnnxAttributes.Floats("scales", 1f, 2.5f),
            OnnxAttributes.Ints("perm", 0, 2, 1),
            OnnxAttributes.Strings("activations", "Sigmoid", "Tanh"),
            new AttributeProto
            {
                Name = "weights",
                Type = AttributeProto.Types.AttributeType.Tensors,
                Tensors = { OnnxTensors.Zeros("", DataType.Float16, 2, 3), OnnxTensors.Zeros("", DataType.Int8, 4) },
            },
            new AttributeProto { Name = "dtype", Type = AttributeProto.Types.AttributeType.TypeProto, Tp = SequenceOfInt64Tensors() });

        var attributes = Read(builder).Nodes.Single().Attributes.ToDictionary(a => a.Name, a => (a.Type, a.Value));

        Assert.Equal(("FLOAT", "1E-05"), attributes["epsilon"]);
        Assert.Equal(("FLOAT", "0.9"), attributes["momentum"]);
        Assert.Equal(("INT", "-1"), attributes["axis"]);
        Assert.Equal(("STRING", "NOTSET"), attributes["auto_pad"]);
        Assert.Equal(("STRING", "Größe"), attributes["label"]);
        Assert.Equal(("FLOATS", "[1, 2.5]"), attributes["scales"]);
        Assert.Equal(("INTS", "[0, 2, 1]"), attributes["perm"]);
        Assert.Equal(("STRINGS", "[Sigmoid, Tanh]"), attributes["activations"]);
        Assert.Equal(("TENSORS", "[tensor(F16, [2, 3]), tensor(I8, [4])]"), attributes["weights"]);
        Assert.Equal(("TYPE_PROTO", "sequence(tensor(INT64))"), attributes["dtype"]);
    }

    [Fact]
    public void Attributes_without_a_declared_type_get_the_type_of_their_value()
    {
        // IR 1–2 files (2017 exporters) wrote attributes without the type field.
        var builder = new OnnxModelBuilder(opset: 1, irVersion: 2);
        builder.Graph.Node("Conv", ["x", "w"], ["y"], "conv", "",
            new AttributeProto { Name = "kernel_shape", Ints = { 5, 5 } },
            new AttributeProto { Name = "group", I = 2 },
            new AttributeProto { Name = "alpha", F = 0.5f },
            new AttributeProto { Name = "mode", S = ByteString.CopyFromUtf8("constant") });

        Assert.Equal(
            [
                new OnnxAttribute("kernel_shape", "INTS", "[5, 5]"),
                new OnnxAttribute("group", "INT", "2"),
                new OnnxAttribute("alpha", "FLOAT", "0.5"),
                new OnnxAttribute("mode", "STRING", "constant"),
            ],
            Read(builder).Nodes.Single().Attributes);
    }

    [Fact]
    public void Long_attribute_lists_and_strings_are_elided_with_their_length()
    {
        var builder = new OnnxModelBuilder();
        builder.Graph.Node("TreeEnsembleClassifier", ["x"], ["y"], "trees", "ai.onnx.ml",
            OnnxAttributes.Floats("nodes_values", [.. Enumerable.Range(0, 1000).Select(i => (float)i)]),
            OnnxAttributes.String("ep_cache_context", new string('a', 5000)));

        var attributes = Read(builder).Nodes.Single().Attributes.ToDictionary(a => a.Name, a => a.Value);

        Assert.StartsWith("[0, 1, 2, ", attributes["nodes_values"], StringComparison.Ordinal);
        Assert.EndsWith(", 63, … (1000 items)]", attributes["nodes_values"], StringComparison.Ordinal);
        Assert.Equal(new string('a', 256) + "… (5000 bytes)", attributes["ep_cache_context"]);
    }

    [Fact]
    public void Initializers_keep_name_dtype_and_shape_of_every_graph()
    {
        var builder = OnnxSampleModels.ConvNetWithControlFlow();
        var graph = Read(builder);

        Assert.Equal(
            [
                new TensorSpec("conv.weight", "F32", [4, 3, 3, 3]),
                new TensorSpec("conv.bias", "F32", [4]),
                new TensorSpec("fc.weight", "F32", [10, 256]),
                new TensorSpec("fc.bias", "F32", [10]),
                new TensorSpec("trip_count", "I64", []),
                new TensorSpec("keep_going", "BOOL", []),
            ],
            graph.Initializers,
            SpecComparer.Instance);
        var constant = Assert.Single(graph.Tensors, t => t.Kind == OnnxTensorKind.Constant);
        Assert.Equal(new TensorSpec("one", "F32", []), constant.Spec, SpecComparer.Instance);
        Assert.Equal("Loop_0/body", constant.GraphPath);
        Assert.Null(constant.ExternalLocation);
    }

    [Fact]
    public void Subgraph_initializers_are_listed_after_the_main_graph_with_their_path()
    {
        var thenBranch = new OnnxGraphBuilder("then")
            .Initializer("then.scale", DataType.Float16, 8)
            .Node("Mul", ["x", "then.scale"], ["out"])
            .Output("out", DataType.Float16, 8);
        var elseBranch = new OnnxGraphBuilder("else").Node("Identity", ["x"], ["out2"]).Output("out2", DataType.Float16, 8);
        var builder = new OnnxModelBuilder().WithGraph(g => g
            .Input("c", DataType.Bool)
            .Input("x", DataType.Float16, 8)
            .Initializer("main.bias", DataType.Float16, 8)
            .If("c", ["y"], thenBranch, elseBranch)
            .Output("y", DataType.Float16, 8));

        var graph = Read(builder);

        Assert.Equal(["main.bias", "then.scale"], graph.Initializers.Select(t => t.Name));
        Assert.Equal(["", "If_0/then_branch"], graph.Tensors.Select(t => t.GraphPath));
        Assert.All(graph.Tensors, t => Assert.Equal(OnnxTensorKind.Initializer, t.Kind));
    }

    [Theory]
    [InlineData(DataType.Float, "F32")]
    [InlineData(DataType.Float16, "F16")]
    [InlineData(DataType.Bfloat16, "BF16")]
    [InlineData(DataType.Double, "F64")]
    [InlineData(DataType.Int8, "I8")]
    [InlineData(DataType.Uint8, "U8")]
    [InlineData(DataType.Int16, "I16")]
    [InlineData(DataType.Uint16, "U16")]
    [InlineData(DataType.Int32, "I32")]
    [InlineData(DataType.Uint32, "U32")]
    [InlineData(DataType.Int64, "I64")]
    [InlineData(DataType.Uint64, "U64")]
    [InlineData(DataType.Bool, "BOOL")]
    [InlineData(DataType.Complex64, "C64")]
    [InlineData(DataType.Complex128, "C128")]
    [InlineData(DataType.Float8E4M3Fn, "F8_E4M3")]
    [InlineData(DataType.Float8E4M3Fnuz, "F8_E4M3FNUZ")]
    [InlineData(DataType.Float8E5M2, "F8_E5M2")]
    [InlineData(DataType.Float8E5M2Fnuz, "F8_E5M2FNUZ")]
    [InlineData(DataType.Float8E8M0, "F8_E8M0")]
    [InlineData(DataType.Int4, "I4")]
    [InlineData(DataType.Uint4, "U4")]
    [InlineData(DataType.Float4E2M1, "F4")]
    [InlineData(DataType.Int2, "I2")]
    [InlineData(DataType.Uint2, "U2")]
    public void Initializer_dtypes_use_safetensors_spelling(DataType type, string expected)
    {
        var builder = new OnnxModelBuilder().WithGraph(g => g.Initializer("w", type, 2, 6));

        var spec = Assert.Single(Read(builder).Initializers);

        Assert.Equal(expected, spec.DType);
        Assert.Equal([2L, 6], spec.Shape);
    }

    [Fact]
    public void An_undefined_data_type_id_is_named_by_its_number()
    {
        var model = new OnnxModelBuilder().Build();
        model.Graph.Initializer.Add(new TensorProto { Name = "future", DataType = 99, Dims = { 3 } });

        Assert.Equal("DATATYPE_99", Read(model).Initializers.Single().DType);
    }

    [Fact]
    public void Inputs_and_outputs_have_element_types_and_symbolic_or_unknown_dims()
    {
        var graph = Read(OnnxSampleModels.ConvNetWithControlFlow());

        Assert.Equal(
            [new OnnxValue("x", "FLOAT", ["batch", "3", "8", "8"]), new OnnxValue("use_relu", "BOOL", [])],
            graph.Inputs,
            ValueComparer.Instance);
        Assert.Equal([new OnnxValue("y", "FLOAT", ["batch", "?"])], graph.Outputs, ValueComparer.Instance);
    }

    [Fact]
    public void Initializers_listed_among_the_inputs_are_not_reported_as_inputs()
    {
        // IR < 4 exporters repeat every initializer in graph.input.
        var builder = new OnnxModelBuilder(opset: 6, irVersion: 3).WithGraph(g => g
            .Input("data", DataType.Float, 1, 4)
            .Input("fc.weight", DataType.Float, 2, 4)
            .Initializer("fc.weight", DataType.Float, 2, 4));

        Assert.Equal(["data"], Read(builder).Inputs.Select(i => i.Name));
    }

    [Fact]
    public void Non_tensor_inputs_name_their_whole_type()
    {
        var model = new OnnxModelBuilder().Build();
        model.Graph.Input.Add(new ValueInfoProto { Name = "tokens", Type = SequenceOfInt64Tensors() });
        model.Graph.Input.Add(new ValueInfoProto
        {
            Name = "vocab",
            Type = new TypeProto
            {
                MapType = new TypeProto.Types.Map
                {
                    KeyType = (int)DataType.String,
                    ValueType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } },
                },
            },
        });
        model.Graph.Input.Add(new ValueInfoProto { Name = "untyped" });

        Assert.Equal(
            [
                new OnnxValue("tokens", "sequence(tensor(INT64))", []),
                new OnnxValue("vocab", "map(STRING, tensor(FLOAT))", []),
                new OnnxValue("untyped", "", []),
            ],
            Read(model).Inputs,
            ValueComparer.Instance);
    }

    [Fact]
    public void Nodes_of_GRAPHS_attributes_and_of_unnamed_nodes_get_indexed_paths()
    {
        var branches = Enumerable.Range(0, 2)
            .Select(i => new OnnxGraphBuilder($"branch{i}").Node("Neg", ["x"], [$"o{i}"]).Output($"o{i}", DataType.Float).Build())
            .ToArray();
        var builder = new OnnxModelBuilder().Opset("org.example", 1);
        builder.Graph.Node("Switch", ["x"], ["y"], null, "org.example", OnnxAttributes.Graphs("branches", branches));

        var graph = Read(builder);

        Assert.Equal(
            [("", "Switch"), ("Switch#0/branches[0]", "Neg"), ("Switch#0/branches[1]", "Neg")],
            graph.Nodes.Select(n => (n.GraphPath, n.OpType)));
        Assert.Equal("org.example", graph.Nodes[0].Domain);
        Assert.Equal("", graph.Nodes[0].Name);
        Assert.Equal(new OnnxAttribute("branches", "GRAPHS", "[graph(branch0), graph(branch1)]"), graph.Nodes[0].Attributes.Single());
    }

    [Fact]
    public void Nodes_of_local_functions_come_last_under_function_paths()
    {
        var builder = OnnxSampleModels.ConvNetWithControlFlow()
            .Opset("org.example", 1)
            .Function("org.example", "ScaledRelu", body => body
                .Input("x", DataType.Float)
                .Node("Relu", ["x"], ["r"])
                .Node("LeakyRelu", ["r"], ["y"], "", "", new AttributeProto { Name = "alpha", RefAttrName = "slope", Type = AttributeProto.Types.AttributeType.Float })
                .Output("y", DataType.Float), "slope");

        var graph = Read(builder);

        var functionNodes = graph.Nodes.SkipWhile(n => !n.GraphPath.StartsWith("function:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Relu", "LeakyRelu"], functionNodes.Select(n => n.OpType));
        Assert.All(functionNodes, n => Assert.Equal("function:ScaledRelu", n.GraphPath));
        Assert.Equal(new OnnxAttribute("alpha", "FLOAT", "ref(slope)"), functionNodes[1].Attributes.Single());
    }

    [Fact]
    public void Sparse_and_external_initializers_are_described_without_their_data()
    {
        var model = new OnnxModelBuilder().Build();
        model.Graph.Initializer.Add(OnnxTensors.External("lm_head.weight", DataType.Bfloat16, "model.onnx_data", 32000, 4096));
        model.Graph.SparseInitializer.Add(new SparseTensorProto
        {
            Values = OnnxTensors.Floats("mask", [1f, 1f], 2),
            Indices = OnnxTensors.Int64s("", [0, 5], 2),
            Dims = { 3, 4 },
        });

        var graph = Read(model);

        Assert.Equal(
            [new TensorSpec("lm_head.weight", "BF16", [32000, 4096]), new TensorSpec("mask", "F32", [3, 4])],
            graph.Initializers,
            SpecComparer.Instance);
        Assert.Equal([OnnxTensorKind.Initializer, OnnxTensorKind.SparseInitializer], graph.Tensors.Select(t => t.Kind));
        Assert.Equal(["model.onnx_data", null], graph.Tensors.Select(t => t.ExternalLocation));
    }

    [Fact]
    public void The_result_holds_no_protobuf_message_or_weight_bytes()
    {
        var graph = Read(OnnxSampleModels.ConvNetWithControlFlow());

        var held = Reachable(graph).Where(o => o is IMessage or ByteString || o.GetType().Namespace?.StartsWith("Google.Protobuf", StringComparison.Ordinal) == true);

        Assert.Empty(held);
    }

    private static TypeProto SequenceOfInt64Tensors() => new()
    {
        SequenceType = new TypeProto.Types.Sequence
        {
            ElemType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Int64 } },
        },
    };

    /// <summary>Every object reachable from <paramref name="root"/> through fields (strings and primitives excluded).</summary>
    private static IEnumerable<object> Reachable(object root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>([root]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            yield return current;
            var children = current is IEnumerable sequence and not string
                ? sequence.Cast<object?>()
                : current.GetType()
                    .GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                    .Select(f => f.GetValue(current));
            foreach (var child in children)
            {
                if (child is not null and not string && !child.GetType().IsPrimitive && !child.GetType().IsEnum)
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>Records with list members compare lists by reference; these compare them by content.</summary>
    private sealed class SpecComparer : IEqualityComparer<TensorSpec>
    {
        public static readonly SpecComparer Instance = new();

        public bool Equals(TensorSpec? x, TensorSpec? y) =>
            x is not null && y is not null && x.Name == y.Name && x.DType == y.DType && x.Shape.SequenceEqual(y.Shape);

        public int GetHashCode(TensorSpec obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class ValueComparer : IEqualityComparer<OnnxValue>
    {
        public static readonly ValueComparer Instance = new();

        public bool Equals(OnnxValue? x, OnnxValue? y) =>
            x is not null && y is not null && x.Name == y.Name && x.ElementType == y.ElementType && x.Shape.SequenceEqual(y.Shape);

        public int GetHashCode(OnnxValue obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
