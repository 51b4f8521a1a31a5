using System.Globalization;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// <c>architecture-mismatch</c> from the learned classifier, for models whose artifacts name no model_type (ONNX-only,
/// weights-only). Precedence: a model_type the artifacts declare (config.json, or a GGUF header's architecture) is
/// evidence and always wins, so this rule runs only when there is none; then the classifier's prediction is the best
/// evidence there is. The name is contradicted when its family has under 5 % while another family has over 80 %; a
/// prediction whose top model_type is under 50 % (or whose input is out of distribution) abstains and decides nothing.
/// A prediction is statistical, not declared: its finding is a warning (suspicious), never an error, and it does not
/// rename the model.
/// </summary>
public static class PredictedArchitectureRule
{
    /// <summary>The name's family must have less than this for the prediction to contradict it.</summary>
    public const double NameFamilyBelow = 0.05;

    /// <summary>Another family must have more than this for the prediction to contradict the name.</summary>
    public const double OtherFamilyAbove = 0.8;

    /// <summary>Findings from <see cref="CheckContext.Prediction"/> for the name's <paramref name="claimed"/> architectures.</summary>
    internal static IEnumerable<Finding> Judge(CheckContext context, IReadOnlyList<(NamingElement Element, ArchitectureInfo? Info)> claimed, ICollection<string> skipped)
    {
        var prediction = context.Prediction ?? throw new InvalidOperationException("The rule needs a prediction.");

        // Only architectures the vocabulary knows can be contradicted; an unknown brand word says nothing checkable.
        var known = claimed.Where(c => c.Info is not null).Select(c => (c.Element, Info: c.Info!)).ToList();
        if (known.Count == 0)
        {
            yield break;
        }

        if (prediction.Abstained)
        {
            skipped.Add($"{FindingCodes.ArchitectureMismatch}: no config.json or GGUF header names the model_type and the classifier abstained");
            yield break;
        }

        var judgeable = known.Where(c => context.PredictableFamilies.Contains(c.Info.Family)).ToList();
        if (judgeable.Count == 0)
        {
            skipped.Add($"{FindingCodes.ArchitectureMismatch}: no config.json or GGUF header names the model_type and the classifier knows no {known[0].Info.Display} model");
            yield break;
        }

        if (judgeable.Any(c => prediction.ProbabilityOfFamily(c.Info.Family) >= NameFamilyBelow))
        {
            yield break;
        }

        // Families are listed largest first; the claimed ones are all under 5 %, so the first is another family.
        if (prediction.Families.FirstOrDefault() is not { Probability: > OtherFamilyAbove } predicted)
        {
            yield break;
        }

        var (element, info) = judgeable[0];
        var predictedName = context.Vocabulary.FindArchitecture(predicted.Label)?.Display ?? predicted.Label;
        var percent = Percent(predicted.Probability);

        // As with the config: an architecture found inside a longer word (LiverGPT) is a weaker claim than the word itself.
        var inferred = context.Vocabulary.FindArchitecture(element.Text) is null;
        yield return new Finding(
            FindingCodes.ArchitectureMismatch, Severity.Warning, "A", element.Text, predicted.Label,
            $"name says {element.Text}; classifier: {predicted.Label} {percent}",
            Math.Round(predicted.Probability * (inferred ? 0.5 : 1), 2),
            $"The name says {info.Display}{(inferred ? $" (in \"{element.Text}\")" : string.Empty)} but the learned classifier reads the model's structure as {predictedName} ({percent}); no config.json or GGUF header names the model_type.");
    }

    private static string Percent(double probability) =>
        (probability * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
