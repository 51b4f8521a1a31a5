using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Data;

/// <summary>Where a training example came from.</summary>
public enum TraceSource
{
    /// <summary>A row of the PTM-Naming artifact's PeaTMOSS test set (a traced layer sequence).</summary>
    Peatmoss,

    /// <summary>A fingerprint the engine extracted from a real model folder (weight map, safetensors, ONNX).</summary>
    RealModel,
}

/// <summary>
/// A layer trace with the three labels DARA predicts: config <c>model_type</c>, <c>architectures[0]</c>, pipeline task.
/// <see cref="Id"/> is the repository or folder the example describes — never a feature: names contain the answer.
/// </summary>
public sealed record LabelledTrace(string Id, LayerTrace Trace, string ModelType, string Arch, string Task, TraceSource Source)
{
    /// <summary>The label of one head.</summary>
    public string LabelOf(ClassifierHead head) => head switch
    {
        ClassifierHead.ModelType => ModelType,
        ClassifierHead.Arch => Arch,
        ClassifierHead.Task => Task,
        _ => throw new ArgumentOutOfRangeException(nameof(head), head, "unknown head"),
    };
}

/// <summary>The three labels the classifier predicts, one output head each.</summary>
public enum ClassifierHead
{
    /// <summary>config.json <c>model_type</c> (bert, roberta, llama…).</summary>
    ModelType,

    /// <summary><c>architectures[0]</c>, the head class (BertForSequenceClassification…).</summary>
    Arch,

    /// <summary>The Hub pipeline task (text-classification…).</summary>
    Task,
}

/// <summary>Names of the heads as they appear in files and JSON.</summary>
public static class ClassifierHeads
{
    public static IReadOnlyList<ClassifierHead> All { get; } = [ClassifierHead.ModelType, ClassifierHead.Arch, ClassifierHead.Task];

    /// <summary>model_type, arch, task: the PeaTMOSS field names, also the ONNX output names.</summary>
    public static string NameOf(ClassifierHead head) => head switch
    {
        ClassifierHead.ModelType => "model_type",
        ClassifierHead.Arch => "arch",
        ClassifierHead.Task => "task",
        _ => throw new ArgumentOutOfRangeException(nameof(head), head, "unknown head"),
    };
}
