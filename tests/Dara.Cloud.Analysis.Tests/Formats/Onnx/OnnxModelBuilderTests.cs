using Dara.Cloud.Testing.Builders;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Dara.Cloud.Analysis.Tests.Formats.Onnx;

/// <summary>
/// The builder's models are real ONNX: onnxruntime checks every node against its operator schema when it
/// loads a model, and running it proves the If branches and the Loop body are wired correctly.
/// </summary>
public sealed class OnnxModelBuilderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sample_model_loads_and_runs_in_onnxruntime(bool useRelu)
    {
        var bytes = OnnxSampleModels.ConvNetWithControlFlow().ToBytes();

        using var session = new InferenceSession(bytes);
        var x = new DenseTensor<float>(Enumerable.Repeat(1f, 2 * 3 * 8 * 8).ToArray(), [2, 3, 8, 8]);
        var condition = new DenseTensor<bool>(new[] { useRelu }, ReadOnlySpan<int>.Empty);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("x", x),
            NamedOnnxValue.CreateFromTensor("use_relu", condition),
        ]);

        var y = Assert.Single(results).AsTensor<float>();
        Assert.Equal([2, 10], y.Dimensions.ToArray());
        // Zero weights: logits = bias; the If applies Relu or not; the Loop adds 1 per trip.
        var expectedRow = OnnxSampleModels.ClassifierBias
            .Select(b => (useRelu ? Math.Max(b, 0f) : b) + OnnxSampleModels.LoopTrips)
            .ToArray();
        Assert.Equal(expectedRow.Concat(expectedRow), y.ToArray());
    }

    [Fact]
    public void Sample_model_declares_its_graph_inputs_and_outputs_to_onnxruntime()
    {
        using var session = new InferenceSession(OnnxSampleModels.ConvNetWithControlFlow().ToBytes());

        Assert.Equal(["x", "use_relu"], session.InputMetadata.Keys);
        Assert.Equal([-1, 3, 8, 8], session.InputMetadata["x"].Dimensions);
        Assert.Equal("batch", session.InputMetadata["x"].SymbolicDimensions[0]);
        Assert.Equal(["y"], session.OutputMetadata.Keys);
    }

    [Fact]
    public void Onnxruntime_rejects_a_builder_node_with_an_attribute_its_schema_lacks()
    {
        // Guards the premise of the tests above: onnxruntime does check attributes, so passing means they are right.
        var builder = OnnxSampleModels.ConvNetWithControlFlow();
        builder.Graph.Node("Relu", ["y"], ["extra"], "", "", OnnxAttributes.Ints("kernel_shape", 3, 3));

        var error = Assert.ThrowsAny<OnnxRuntimeException>(() => new InferenceSession(builder.ToBytes()).Dispose());
        Assert.Contains("kernel_shape", error.Message, StringComparison.Ordinal);
    }
}
