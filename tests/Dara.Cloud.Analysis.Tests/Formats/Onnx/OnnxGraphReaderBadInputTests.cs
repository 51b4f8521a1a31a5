using System.Text;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Testing.Builders;
using Google.Protobuf;
using DataType = Dara.Cloud.Analysis.Formats.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Dara.Cloud.Analysis.Tests.Formats.Onnx;

/// <summary>Anything that is not a sound ONNX model gives one clear <see cref="ArtifactException"/> naming the file.</summary>
public sealed class OnnxGraphReaderBadInputTests
{
    private const string _file = "onnx/model.onnx";

    private static ArtifactException Rejects(byte[] bytes, OnnxReadLimits? limits = null)
    {
        var error = Assert.Throws<ArtifactException>(() => OnnxGraphReader.Parse(_file, bytes, limits));
        Assert.Equal(_file, error.File);
        Assert.StartsWith(_file + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void An_empty_file_is_rejected()
    {
        Assert.Equal("is empty (0 bytes), not an ONNX model", Rejects([]).Problem);
    }

    [Fact]
    public void A_json_file_is_not_an_onnx_model()
    {
        var error = Rejects(Encoding.UTF8.GetBytes("""{"model_type": "bert", "hidden_size": 768}"""));

        Assert.StartsWith("is not a valid ONNX model: ", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_are_not_an_onnx_model()
    {
        var bytes = new byte[4096];
        new Random(20261126).NextBytes(bytes);

        var error = Rejects(bytes);

        Assert.Contains("not", error.Problem, StringComparison.Ordinal);
        Assert.Contains("ONNX model", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_model_is_reported_as_truncated_with_the_offset()
    {
        var bytes = OnnxSampleModels.ConvNetWithControlFlow().ToBytes();

        var error = Rejects(bytes[..(bytes.Length / 2)]);

        Assert.Matches(@"^is not a valid ONNX model: .*byte \d+.* \(truncated file\?\) in onnx\.\w+$", error.Problem);
    }

    [Fact]
    public void A_model_without_a_graph_is_rejected()
    {
        var model = OnnxSampleModels.ConvNetWithControlFlow().Build();
        model.Graph = null;

        Assert.Equal("is not an ONNX model: it has no graph (ModelProto.graph is missing)", Rejects(model.ToByteArray()).Problem);
    }

    [Fact]
    public void Protobuf_nesting_beyond_the_recursion_limit_is_rejected()
    {
        // A sequence of sequences of … 60 deep: 2 messages per level, past protobuf's 100-level recursion limit.
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } };
        for (var i = 0; i < 60; i++)
        {
            type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = type } };
        }

        var model = new OnnxModelBuilder().Build();
        model.Graph.Input.Add(new ValueInfoProto { Name = "deep", Type = type });

        Assert.Matches(
            @"^is not a valid ONNX model: protobuf messages are nested more than 100 levels deep at byte \d+ \(recursion limit\) in onnx\.TypeProto",
            Rejects(model.ToByteArray()).Problem);
    }

    [Fact]
    public void Subgraphs_nested_deeper_than_the_limit_are_rejected()
    {
        Assert.Equal(
            "has subgraphs nested more than 24 levels deep; refusing to read it",
            Rejects(NestedIfModel(depth: 25)).Problem);
    }

    [Fact]
    public void Subgraphs_nested_up_to_the_limit_are_read()
    {
        var graph = OnnxGraphReader.Parse(_file, NestedIfModel(depth: 24));

        Assert.Equal(49, graph.Nodes.Count);
        var innermost = graph.Nodes.MaxBy(n => n.GraphPath.Length)!;
        Assert.Equal(string.Join('/', Enumerable.Repeat("If_0/then_branch", 24)), innermost.GraphPath);
        Assert.Equal("Identity", innermost.OpType);
    }

    [Fact]
    public void A_stricter_subgraph_limit_applies_when_given()
    {
        Assert.Equal(
            "has subgraphs nested more than 3 levels deep; refusing to read it",
            Rejects(NestedIfModel(depth: 4), new OnnxReadLimits(MaxSubgraphDepth: 3)).Problem);
    }

    [Fact]
    public void A_model_with_more_nodes_than_the_default_limit_is_rejected_before_it_is_parsed()
    {
        // 250,001 empty nodes cost 2 bytes each in the file and ~560 bytes each once parsed and flattened.
        Assert.Equal("has more than 250,000 nodes; refusing to read it", Rejects(GraphOfEmptyNodes(250_001)).Problem);
    }

    [Fact]
    public void Node_and_message_limits_can_be_lowered()
    {
        var bytes = OnnxSampleModels.ConvNetWithControlFlow().ToBytes();

        Assert.Equal("has more than 10 nodes; refusing to read it", Rejects(bytes, new OnnxReadLimits(MaxNodes: 10)).Problem);
        Assert.Equal("has more than 50 protobuf messages; refusing to read it", Rejects(bytes, new OnnxReadLimits(MaxMessages: 50)).Problem);
        Assert.Equal(11, OnnxGraphReader.Parse(_file, bytes, new OnnxReadLimits(MaxNodes: 11)).Nodes.Count);
    }

    [Fact]
    public void A_tensor_whose_packed_dims_would_grow_eightfold_when_parsed_is_refused_before_parsing()
    {
        // 16,000,001 one-byte dims: 16 MB in the file, 128 MB of longs once parsed (200 MB of them took 5.6 GB).
        var dims = new byte[16_000_001];
        Array.Fill(dims, (byte)1);
        var tensor = Field(TensorProto.DimsFieldNumber, dims);
        var graph = Field(GraphProto.InitializerFieldNumber, tensor);

        var error = Rejects(Field(ModelProto.GraphFieldNumber, graph));

        Assert.Equal("has more than 16,000,000 names and integers in lists; refusing to read it", error.Problem);
    }

    [Fact]
    public void A_node_with_more_inputs_than_the_list_limit_is_refused_and_one_at_the_limit_is_read()
    {
        static byte[] NodeWithInputs(int count)
        {
            var model = new OnnxModelBuilder().Build();
            var node = new NodeProto { OpType = "Sum", Output = { "y" } };
            node.Input.Add(Enumerable.Repeat("", count));
            model.Graph.Node.Add(node);
            return model.ToByteArray();
        }

        var limits = new OnnxReadLimits(MaxListValues: 1000);

        Assert.Equal("has more than 1,000 names and integers in lists; refusing to read it", Rejects(NodeWithInputs(1000), limits).Problem);
        Assert.Equal(998, OnnxGraphReader.Parse(_file, NodeWithInputs(998), limits).Nodes.Single(n => n.OpType == "Sum").Inputs.Count);
    }

    [Fact]
    public void A_malformed_packed_field_the_pre_scan_skips_is_reported_by_the_parser_as_a_bad_model()
    {
        // graph(7) { initializer(5) { dims(1), packed: [0x80] } }: a varint cut short inside a packed list.
        byte[] tensor = [0x0A, 0x01, 0x80];
        byte[] graph = [0x2A, (byte)tensor.Length, .. tensor];
        byte[] model = [0x3A, (byte)graph.Length, .. graph];

        var error = Rejects(model);

        Assert.StartsWith("is not a valid ONNX model: ", error.Problem, StringComparison.Ordinal);
        Assert.IsType<InvalidProtocolBufferException>(error.InnerException);
    }

    [Fact]
    public void A_name_that_is_not_UTF8_is_rejected()
    {
        // graph(7) { node(1) { name(3) = FF FE } }
        byte[] node = [0x1A, 0x02, 0xFF, 0xFE];
        byte[] graph = [0x0A, (byte)node.Length, .. node];

        Assert.Equal("is not a valid ONNX model: String is invalid UTF-8", Rejects([0x3A, (byte)graph.Length, .. graph]).Problem);
    }

    [Fact]
    public void A_field_length_past_the_end_of_its_message_is_rejected()
    {
        // graph(7) claims 100 bytes, 2 follow.
        Assert.Equal(
            "is not a valid ONNX model: a field at byte 1 claims 100 bytes but only 2 remain (truncated file?) in onnx.ModelProto",
            Rejects([0x3A, 100, 0x0A, 0x00]).Problem);
    }

    [Fact]
    public void An_invalid_wire_type_is_rejected_with_its_offset()
    {
        // ir_version = 8, then tag 0x0F: field 1, wire type 7 (does not exist).
        Assert.Equal(
            "is not a valid ONNX model: invalid protobuf wire type 7 at byte 2 in onnx.ModelProto",
            Rejects([0x08, 0x08, 0x0F, 0x00]).Problem);
    }

    [Fact]
    public void A_tensor_with_a_negative_dimension_is_rejected()
    {
        var model = new OnnxModelBuilder().Build();
        model.Graph.Initializer.Add(new TensorProto { Name = "w", DataType = (int)DataType.Float, Dims = { 3, -4 } });

        Assert.Equal("tensor 'w' has a negative dimension (-4)", Rejects(model.ToByteArray()).Problem);
    }

    [Fact]
    public void A_hostile_tensor_name_is_quoted_on_one_short_line()
    {
        var model = new OnnxModelBuilder().Build();
        var name = string.Concat(Enumerable.Repeat("w\r\n", 5000));
        model.Graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)DataType.Float, Dims = { -1 } });

        var problem = Rejects(model.ToByteArray()).Problem;

        Assert.StartsWith("tensor 'w w w ", problem, StringComparison.Ordinal);
        Assert.EndsWith("…' has a negative dimension (-1)", problem, StringComparison.Ordinal);
        Assert.InRange(problem.Length, 1, 200);
    }

    [Fact]
    public void An_operator_name_megabytes_long_is_refused_naming_the_file()
    {
        var model = new OnnxModelBuilder().Build();
        model.Graph.Node.Add(new NodeProto { OpType = new string('R', 5_000_000), Input = { "x" }, Output = { "y" } });

        Assert.Equal(
            "op_type is 5,000,000 characters long; a type, class or operator name is an identifier of at most 256",
            Rejects(model.ToByteArray()).Problem);
    }

    [Fact]
    public void A_tensor_whose_element_count_overflows_is_rejected()
    {
        var model = new OnnxModelBuilder().Build();
        model.Graph.Initializer.Add(new TensorProto { Name = "w", DataType = (int)DataType.Float, Dims = { 1L << 40, 1L << 40 } });

        Assert.Equal("tensor 'w' has more elements than a 64-bit count can hold", Rejects(model.ToByteArray()).Problem);
    }

    [Fact]
    public void Unknown_fields_from_newer_onnx_versions_are_ignored()
    {
        var bytes = OnnxSampleModels.ConvNetWithControlFlow().ToBytes();
        // Field 99 (length-delimited, 3 bytes) and field 98 (varint) appended to the ModelProto.
        byte[] extra = [0x9A, 0x06, 0x03, 1, 2, 3, 0x90, 0x06, 0x2A];

        var graph = OnnxGraphReader.Parse(_file, [.. bytes, .. extra]);

        Assert.Equal(11, graph.Nodes.Count);
    }

    /// <summary>
    /// If → then_branch → If → … with the innermost subgraph <paramref name="depth"/> levels below the main graph.
    /// Only then_branch nests (else_branch holds one Identity), so there are 2 · depth + 1 nodes.
    /// </summary>
    private static byte[] NestedIfModel(int depth)
    {
        var inner = new OnnxGraphBuilder($"level{depth}").Node("Identity", ["c"], [$"out{depth}"]).Output($"out{depth}", DataType.Bool);
        for (var level = depth - 1; level >= 1; level--)
        {
            inner = WithIf(new OnnxGraphBuilder($"level{level}"), inner, level);
        }

        var builder = new OnnxModelBuilder();
        WithIf(builder.Graph.Input("c", DataType.Bool), inner, 0);
        return builder.ToBytes();
    }

    private static OnnxGraphBuilder WithIf(OnnxGraphBuilder graph, OnnxGraphBuilder thenBranch, int level)
    {
        var elseBranch = new OnnxGraphBuilder($"else{level}")
            .Node("Identity", ["c"], [$"else_out{level}"])
            .Output($"else_out{level}", DataType.Bool);
        return graph.If("c", [$"out{level}"], thenBranch, elseBranch).Output($"out{level}", DataType.Bool);
    }

    /// <summary>One length-delimited field: its tag, its length, its bytes.</summary>
    private static byte[] Field(int number, byte[] payload)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(payload));
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] GraphOfEmptyNodes(int count)
    {
        var nodes = new byte[count * 2];
        for (var i = 0; i < count; i++)
        {
            nodes[2 * i] = 0x0A; // GraphProto.node (1), length-delimited
        }

        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(ModelProto.GraphFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(nodes));
        output.Flush();
        return stream.ToArray();
    }
}
