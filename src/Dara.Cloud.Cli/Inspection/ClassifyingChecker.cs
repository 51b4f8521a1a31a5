using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Inference.Scoring;

namespace Dara.Cloud.Cli.Inspection;

/// <summary>
/// The checker <c>dara check</c> and <c>dara scan</c> run: the engine's checks with the shipped classifier plugged in,
/// so every verdict carries a prediction and models without config.json still get their architecture checked. Created
/// on first use: commands that check nothing never load the ONNX model.
/// </summary>
internal static class ClassifyingChecker
{
    private static readonly Lazy<NameChecker> _instance =
        new(() => new NameChecker(predictor: ClassifierArchitecturePredictor.Shipped), LazyThreadSafetyMode.ExecutionAndPublication);

    public static NameChecker Instance => _instance.Value;
}
