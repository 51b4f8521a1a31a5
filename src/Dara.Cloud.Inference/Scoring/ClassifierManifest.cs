using System.Text.Json.Serialization;
using Dara.Cloud.Inference.Features;
using Dara.Cloud.Inference.Training;

namespace Dara.Cloud.Inference.Scoring;

/// <summary>
/// classifier.json: what a trained model needs besides its ONNX file — the feature options it was trained with, the
/// classes of each output (label maps), the operations seen in training and how it was made.
/// </summary>
public sealed record ClassifierManifest
{
    /// <summary>Bumped when the file or the feature extraction changes incompatibly (2: long runs and name parts on by default).</summary>
    public const int CurrentFormat = 2;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>Everything training used (family, seed, hyperparameters, feature options): enough to train it again.</summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>The feature options scoring must use (those of <see cref="Training"/>).</summary>
    [JsonIgnore]
    public FeatureOptions Features => Training.Features;

    /// <summary>Training rows by source (peatmoss, real-model, weights-view).</summary>
    public required IReadOnlyDictionary<string, int> TrainingRows { get; init; }

    /// <summary>Classes of each output in slot order: model_type, arch, task.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Classes { get; init; }

    /// <summary>Operation tokens seen in training.</summary>
    public required IReadOnlyList<string> KnownTokens { get; init; }

    /// <summary>SHA-256 (hex) of the ONNX file this manifest describes.</summary>
    public required string OnnxSha256 { get; init; }
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClassifierManifest))]
[JsonSerializable(typeof(Evaluation.ClassifierMetricsReport))]
internal sealed partial class InferenceJsonContext : JsonSerializerContext;
