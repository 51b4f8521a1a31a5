using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Training;

/// <summary>One trained head: class probabilities for feature vectors, and its ONNX form where the family has one.</summary>
internal interface IHeadModel
{
    int ClassCount { get; }

    /// <summary>Probabilities (summing to 1) over the head's classes, one array per row.</summary>
    float[][] Predict(IReadOnlyList<SparseFeatures> rows);

    /// <summary>The head as an ONNX graph with input <c>Features</c> [N, width] and output <c>Score.output</c> [N, classes].</summary>
    /// <exception cref="NotSupportedException">The family has no ONNX form.</exception>
    ModelProto ToOnnx();
}
