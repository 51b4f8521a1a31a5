using Dara.Cloud.Analysis.Inspection;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>A class a classifier predicts, with its probability (0–1).</summary>
public sealed record PredictedLabel(string Label, double Probability);

/// <summary>
/// What a learned classifier says a model is, in the engine's own terms so the engine need not know the classifier:
/// the top three of each label, the model_type probabilities summed per architecture family (twins such as
/// camembert/roberta are one family), and whether the classifier abstained. Written into the check document as
/// <c>"prediction"</c>, and read back from it when a name is checked again without the artifacts.
/// </summary>
/// <param name="ModelType">The three most probable model types, most probable first.</param>
/// <param name="Arch">The three most probable architecture classes (the head, e.g. BertForMaskedLM).</param>
/// <param name="Task">The three most probable tasks (pipeline tags).</param>
/// <param name="Families">
/// model_type probability per family, largest first, for every family of at least <see cref="ListedFamilyAtLeast"/>;
/// a family not listed has less than that.
/// </param>
/// <param name="Abstained">True when the prediction must not be used: its top model_type probability is under 50 %, or the input is out of distribution.</param>
/// <param name="AbstentionReason">Why it abstained, for people; null when it did not.</param>
public sealed record ArchitecturePrediction(
    IReadOnlyList<PredictedLabel> ModelType,
    IReadOnlyList<PredictedLabel> Arch,
    IReadOnlyList<PredictedLabel> Task,
    IReadOnlyList<PredictedLabel> Families,
    bool Abstained,
    string? AbstentionReason)
{
    /// <summary>
    /// Families below this probability are left out of <see cref="Families"/>, which keeps the document short; it is
    /// <see cref="PredictedArchitectureRule.NameFamilyBelow"/>, so a family not listed is one the rule treats as improbable.
    /// </summary>
    public const double ListedFamilyAtLeast = PredictedArchitectureRule.NameFamilyBelow;

    /// <summary>The probability of <paramref name="family"/>; 0 for a family not listed (under <see cref="ListedFamilyAtLeast"/>).</summary>
    public double ProbabilityOfFamily(string family)
    {
        foreach (var listed in Families)
        {
            if (string.Equals(listed.Label, family, StringComparison.OrdinalIgnoreCase))
            {
                return listed.Probability;
            }
        }

        return 0;
    }
}

/// <summary>
/// A learned classifier the checks may consult: predicts a model's architecture from what the engine read (the
/// fingerprint, so it works without config.json). The engine defines this seam and never depends on an implementation;
/// the Inference project implements it over the shipped ONNX model, and the CLI and the grains plug that in.
/// Implementations are thread-safe.
/// </summary>
public interface IArchitecturePredictor
{
    /// <summary>Identifies the trained model (e.g. a hash of its file), so a retrained classifier counts as an engine change.</summary>
    string Version { get; }

    /// <summary>The model types the classifier can predict: a name of a family none of them belongs to cannot be judged.</summary>
    IReadOnlyCollection<string> ModelTypes { get; }

    /// <summary>The prediction for a model, or null when nothing structural was read (a config alone), so there is nothing to classify.</summary>
    ArchitecturePrediction? Predict(ModelReport report);
}
