using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Scoring;

/// <summary>
/// The engine's <see cref="IArchitecturePredictor"/> over a <see cref="ModelTypePredictor"/>: predicts from the
/// fingerprint and hands the checks the top three of each label, the model_type probabilities summed per family and
/// whether the classifier abstained. Thread-safe, like the predictor it wraps.
/// </summary>
public sealed class ClassifierArchitecturePredictor : IArchitecturePredictor
{
    private static readonly Lazy<ClassifierArchitecturePredictor> _shipped =
        new(() => new ClassifierArchitecturePredictor(ModelTypePredictor.Shipped), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ModelTypePredictor _predictor;
    private readonly Func<string, string> _familyOf;

    /// <param name="predictor">The classifier.</param>
    /// <param name="vocabulary">Whose families twins are summed into (by default the naming vocabulary's, as the checks use).</param>
    public ClassifierArchitecturePredictor(ModelTypePredictor predictor, NamingVocabulary? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        _predictor = predictor;
        _familyOf = (vocabulary ?? NamingVocabulary.Default).FamilyOf;
        ModelTypes = predictor.Manifest.Classes.TryGetValue(ClassifierHeads.NameOf(ClassifierHead.ModelType), out var classes) ? classes : [];
        Version = "classifier-" + predictor.Manifest.OnnxSha256[..Math.Min(12, predictor.Manifest.OnnxSha256.Length)].ToLowerInvariant();
    }

    /// <summary>Over the shipped model, created once.</summary>
    public static ClassifierArchitecturePredictor Shipped => _shipped.Value;

    /// <summary><c>classifier-</c> and the first 12 hex digits of the ONNX file's SHA-256.</summary>
    public string Version { get; }

    public IReadOnlyCollection<string> ModelTypes { get; }

    public ArchitecturePrediction? Predict(ModelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            return _predictor.Predict(report) is { } prediction ? ToEngine(prediction) : null;
        }
        catch (ClassifierInputException e)
        {
            // A structure the classifier cannot take (a weight map of 400,000 layers) is out of its reach, not a bug:
            // it abstains and says why, and the model is still checked; thrown, it failed the whole check.
            return new ArchitecturePrediction([], [], [], [], Abstained: true, AbstentionReason: e.Message.TrimEnd('.'));
        }
    }

    /// <summary>The engine's view of one prediction.</summary>
    public ArchitecturePrediction ToEngine(ClassifierPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return new ArchitecturePrediction(
            Top(prediction.ModelType),
            Top(prediction.Arch),
            Top(prediction.Task),
            prediction.ModelType.SumBy(_familyOf)
                .Where(f => f.Probability >= ArchitecturePrediction.ListedFamilyAtLeast)
                .Select(f => new PredictedLabel(f.Label, Round(f.Probability)))
                .ToArray(),
            prediction.Abstained,
            prediction.AbstentionReason);
    }

    private static PredictedLabel[] Top(LabelPrediction label) =>
        label.Top.Select(t => new PredictedLabel(t.Label, Round(t.Probability))).ToArray();

    // Four decimals: the JSON stays short and stable, and no threshold (0.05, 0.5, 0.8) is moved by it in any way that matters.
    private static double Round(double probability) => Math.Round(probability, 4);
}
