using System.Runtime.InteropServices;
using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Google.Protobuf;

namespace Dara.Cloud.Inference.Export;

/// <summary>Writes a trained MLP as an ONNX graph with input <c>Features</c> and output <c>Score.output</c> (see <see cref="Training.IHeadModel.ToOnnx"/>).</summary>
internal static class MlpOnnx
{
    private const string Input = "Features";
    private const string Output = "Score.output";

    public static ModelProto Build(IReadOnlyList<(int Inputs, int Outputs, float[] Weights, float[] Bias)> layers, bool normaliseRows, float normFloor)
    {
        var graph = new GraphProto { Name = "mlp" };
        graph.Input.Add(OnnxHeadMerger.FloatBatch(Input, layers[0].Inputs));
        var current = Input;
        if (normaliseRows)
        {
            graph.Initializer.Add(Tensor("norm_floor", [], [normFloor]));
            graph.Node.Add(Node("ReduceL2", "norm", [current], "row_norm", new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1 } }, new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
            graph.Node.Add(Node("Max", "norm_floor", ["row_norm", "norm_floor"], "row_norm_floored"));
            graph.Node.Add(Node("Div", "normalise", [current, "row_norm_floored"], "normalised"));
            current = "normalised";
        }

        for (var l = 0; l < layers.Count; l++)
        {
            var (inputs, outputs, weights, bias) = layers[l];
            graph.Initializer.Add(Tensor($"W{l}", [inputs, outputs], weights));
            graph.Initializer.Add(Tensor($"B{l}", [outputs], bias));
            graph.Node.Add(Node("MatMul", $"matmul{l}", [current, $"W{l}"], $"product{l}"));
            var last = l == layers.Count - 1;
            graph.Node.Add(Node("Add", $"add{l}", [$"product{l}", $"B{l}"], last ? "logits" : $"linear{l}"));
            if (!last)
            {
                graph.Node.Add(Node("Relu", $"relu{l}", [$"linear{l}"], $"hidden{l}"));
                current = $"hidden{l}";
            }
        }

        graph.Node.Add(Node("Softmax", "softmax", ["logits"], Output, new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        graph.Output.Add(OnnxHeadMerger.FloatBatch(Output, layers[^1].Outputs));
        return new ModelProto
        {
            IrVersion = 7,
            ProducerName = "Dara.Cloud.Inference",
            Graph = graph,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = 13 } },
        };
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name, Output = { output } };
        node.Input.Add(inputs);
        node.Attribute.Add(attributes);
        return node;
    }

    private static TensorProto Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);

        // Raw little-endian bytes: four per value, the densest form ONNX has for float32.
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }
}
