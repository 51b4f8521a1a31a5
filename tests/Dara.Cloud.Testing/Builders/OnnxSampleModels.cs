using DataType = Dara.Cloud.Analysis.Formats.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Dara.Cloud.Testing.Builders;

/// <summary>Ready-made small models for tests; each call returns a fresh builder to extend or damage.</summary>
public static class OnnxSampleModels
{
    /// <summary>Bias of the classifier head: negative, zero and positive values, so If's Relu branch is visible.</summary>
    public static readonly float[] ClassifierBias = [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7];

    /// <summary>Iterations of the Loop, each adding 1 to every logit.</summary>
    public const long LoopTrips = 3;

    /// <summary>
    /// A small CNN classifier with control flow, loadable and runnable in onnxruntime (opset 17, IR 8):
    /// x [batch, 3, 8, 8] → Conv 3×3 (pads 1, stride 1) → Relu → Flatten → Gemm (transB) → logits [batch, 10];
    /// If(use_relu) chooses Relu(logits) or Identity(logits); a Loop then adds a Constant 1.0 to the result
    /// <see cref="LoopTrips"/> times → y [batch, ?]. Weights are zero, so y = branch(bias) + 3.
    /// </summary>
    public static OnnxModelBuilder ConvNetWithControlFlow()
    {
        var thenBranch = new OnnxGraphBuilder("relu_branch")
            .Relu("logits", "then_out")
            .Output("then_out", DataType.Float, "batch", 10);
        var elseBranch = new OnnxGraphBuilder("identity_branch")
            .Node("Identity", ["logits"], ["else_out"])
            .Output("else_out", DataType.Float, "batch", 10);
        var loopBody = new OnnxGraphBuilder("add_one")
            .Input("iteration", DataType.Int64)
            .Input("cond_in", DataType.Bool)
            .InputWithoutShape("acc_in", DataType.Float)
            .Constant("one", OnnxTensors.Floats("", [1f]))
            .Node("Add", ["acc_in", "one"], ["acc_out"])
            .Node("Identity", ["cond_in"], ["cond_out"])
            .Output("cond_out", DataType.Bool)
            .Output("acc_out", DataType.Float, "batch", 10);

        return new OnnxModelBuilder(opset: 17, irVersion: 8, graphName: "convnet")
            .Metadata("model_author", "Dara.Cloud tests")
            .WithGraph(g => g
                .Input("x", DataType.Float, "batch", 3, 8, 8)
                .Input("use_relu", DataType.Bool)
                .Initializer("conv.weight", DataType.Float, 4, 3, 3, 3)
                .Initializer("conv.bias", DataType.Float, 4)
                .Initializer("fc.weight", DataType.Float, 10, 256)
                .Initializer(OnnxTensors.Floats("fc.bias", ClassifierBias, 10))
                .Initializer(OnnxTensors.Int64s("trip_count", [LoopTrips]))
                .Initializer(OnnxTensors.Bools("keep_going", [true]))
                .Conv("x", "conv.weight", "conv.bias", "conv_out", kernelShape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1], name: "conv")
                .Relu("conv_out", "relu_out")
                .Flatten("relu_out", "flat")
                .Gemm("flat", "fc.weight", "fc.bias", "logits", alpha: 1f, beta: 1f, transB: true)
                .If("use_relu", ["gated"], thenBranch, elseBranch)
                .Loop("trip_count", "keep_going", ["gated"], ["y"], loopBody)
                .Output("y", DataType.Float, "batch", OnnxDim.Unknown));
    }
}
