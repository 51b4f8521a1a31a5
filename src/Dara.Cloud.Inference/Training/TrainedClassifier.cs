using Dara.Cloud.Analysis.Formats.Onnx.Protobuf;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Export;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Training;

/// <summary>A trained classifier before export: its heads, label space, options and training vocabulary.</summary>
public sealed class TrainedClassifier
{
    private readonly IReadOnlyDictionary<ClassifierHead, IHeadModel> _heads;
    private readonly FeatureExtractor _extractor;

    internal TrainedClassifier(TrainingOptions options, LabelSpace labels, IReadOnlyDictionary<ClassifierHead, IHeadModel> heads, int trainingRows, IReadOnlyList<string> knownTokens)
    {
        Options = options;
        Labels = labels;
        _heads = heads;
        TrainingRows = trainingRows;
        KnownTokens = knownTokens;
        _extractor = new FeatureExtractor(options.Features);
    }

    public TrainingOptions Options { get; }

    public LabelSpace Labels { get; }

    public int TrainingRows { get; }

    /// <summary>Every operation token seen in training, for telling how much of a new trace is unknown.</summary>
    public IReadOnlyList<string> KnownTokens { get; }

    /// <summary>Class probabilities of one head for each trace (scored by the training library, not ONNX).</summary>
    public float[][] Predict(ClassifierHead head, IReadOnlyList<LayerTrace> traces) =>
        _heads[head].Predict(traces.Select(_extractor.Extract).ToList());

    /// <summary>The three heads as one ONNX model: input <c>features</c>, outputs <c>model_type</c>, <c>arch</c>, <c>task</c>.</summary>
    public ModelProto ToOnnx() =>
        OnnxHeadMerger.Merge(
            ClassifierHeads.All.Select(h => new OnnxHead(ClassifierHeads.NameOf(h), _heads[h].ToOnnx(), Labels.ClassesOf(h))).ToList(),
            Options.Features.Width);
}
