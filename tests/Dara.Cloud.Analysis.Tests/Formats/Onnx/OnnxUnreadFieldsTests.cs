using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;
using Google.Protobuf;
using DataType = Dara.Cloud.Analysis.Formats.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Dara.Cloud.Analysis.Tests.Formats.Onnx;

/// <summary>
/// A graph read from a source is parsed from a buffer the reader owns, with weights and doc strings hidden from the
/// parser (<see cref="OnnxUnreadFields"/>): it must be the graph a plain parse gives, at a fraction of the memory.
/// </summary>
public sealed class OnnxUnreadFieldsTests
{
    private const int WeightBytes = 16 << 20;

    /// <summary>Weights in every encoding onnx.proto has, and a doc string on every kind of message that takes one.</summary>
    private static ModelProto HeavyModel()
    {
        var model = OnnxSampleModels.ConvNetWithControlFlow().Build();
        model.DocString = new string('m', 1 << 20);
        model.Graph.DocString = "graph notes";
        var graph = model.Graph;
        graph.Initializer.Add(new TensorProto { Name = "raw", DataType = (int)DataType.Float, Dims = { WeightBytes / 4 }, RawData = ByteString.CopyFrom(new byte[WeightBytes]), DocString = "weights" });
        graph.Initializer.Add(new TensorProto { Name = "floats", DataType = (int)DataType.Float, Dims = { 3 }, FloatData = { 1, 2, 3 } });
        graph.Initializer.Add(new TensorProto { Name = "ints", DataType = (int)DataType.Int64, Dims = { 2 }, Int64Data = { 7, 8 } });
        graph.Initializer.Add(new TensorProto { Name = "int32s", DataType = (int)DataType.Int32, Dims = { 2 }, Int32Data = { 7, 8 } });
        graph.Initializer.Add(new TensorProto { Name = "doubles", DataType = (int)DataType.Double, Dims = { 1 }, DoubleData = { 0.5 } });
        graph.Initializer.Add(new TensorProto { Name = "uints", DataType = (int)DataType.Uint64, Dims = { 1 }, Uint64Data = { 9 } });
        graph.Initializer.Add(new TensorProto { Name = "strings", DataType = (int)DataType.String, Dims = { 2 }, StringData = { ByteString.CopyFromUtf8("a"), ByteString.CopyFromUtf8("b") } });
        foreach (var node in graph.Node)
        {
            node.DocString = new string('n', 4096);
            foreach (var attribute in node.Attribute)
            {
                attribute.DocString = "attribute notes";
            }
        }

        graph.Input[0].DocString = "input notes";
        return model;
    }

    private static string Json(OnnxGraph graph) => JsonSerializer.Serialize(graph);

    [Fact]
    public void A_graph_parsed_with_its_weights_and_doc_strings_hidden_is_the_graph_a_plain_parse_gives()
    {
        var bytes = HeavyModel().ToByteArray();
        var plain = OnnxGraphReader.Parse("model.onnx", bytes);

        var owned = OnnxGraphReader.ParseOwned("model.onnx", bytes.ToArray());

        Assert.Equal(Json(plain), Json(owned));
        Assert.Contains(owned.Initializers, t => t.Name == "raw" && t.Shape.SequenceEqual([WeightBytes / 4]));
    }

    [Fact]
    public void Hidden_weights_and_doc_strings_are_skipped_instead_of_copied()
    {
        var bytes = HeavyModel().ToByteArray();
        var plainCopy = bytes.ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        OnnxGraphReader.Parse("model.onnx", plainCopy);
        var plain = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        OnnxGraphReader.ParseOwned("model.onnx", bytes);
        var owned = GC.GetAllocatedBytesForCurrentThread() - before;

        // The plain parse copies the 16 MiB of weights and widens the 1 MiB doc string; the owned one neither.
        Assert.True(plain > WeightBytes, $"the plain parse allocated {plain:N0} bytes");
        Assert.True(owned < bytes.Length / 10, $"the owned parse allocated {owned:N0} bytes of a {bytes.Length:N0}-byte file");
    }

    [Fact]
    public void A_refused_file_is_left_as_it_was()
    {
        var bytes = HeavyModel().ToByteArray()[..^3];
        var original = bytes.ToArray();

        Assert.Throws<ArtifactException>(() => OnnxGraphReader.ParseOwned("model.onnx", bytes));

        Assert.Equal(original, bytes);
    }

    [RealDataTheory]
    [MemberData(nameof(OnnxRealModelTests.RealOnnxFiles), MemberType = typeof(OnnxRealModelTests))]
    public void Every_real_graph_reads_the_same_with_its_weights_hidden(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RealData.Onnx, relativePath));

        Assert.Equal(Json(OnnxGraphReader.Parse(relativePath, bytes)), Json(OnnxGraphReader.ParseOwned(relativePath, bytes.ToArray())));
    }
}
