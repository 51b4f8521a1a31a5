using System.Text.Json;
using Dara.Cloud.Inference.Evaluation;

namespace Dara.Cloud.Inference.Scoring;

/// <summary>The model that ships in this assembly (src/Dara.Cloud.Inference/Model), as <c>dara train</c> wrote it.</summary>
public static class ShippedClassifier
{
    internal const string ResourcePrefix = "Dara.Cloud.Inference.Model.";

    /// <summary>The shipped predictor, loaded once and shared (see <see cref="ModelTypePredictor.Shipped"/>).</summary>
    public static ModelTypePredictor Predictor => ModelTypePredictor.Shipped;

    /// <summary>The shipped model's metrics report (metrics.json).</summary>
    public static ClassifierMetricsReport Metrics =>
        JsonSerializer.Deserialize(Resource(ClassifierFiles.MetricsJson), InferenceJsonContext.Default.ClassifierMetricsReport)
        ?? throw new InvalidOperationException("The shipped metrics.json is empty.");

    /// <summary>The bytes of one embedded model file.</summary>
    internal static byte[] Resource(string name)
    {
        var assembly = typeof(ShippedClassifier).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The shipped classifier's {name} is not embedded in {assembly.GetName().Name}; run dara train --out src/Dara.Cloud.Inference/Model.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
