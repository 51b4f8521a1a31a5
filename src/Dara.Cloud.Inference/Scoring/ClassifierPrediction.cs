using System.Globalization;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Inference.Scoring;

/// <summary>A class and its probability.</summary>
public sealed record ScoredLabel(string Label, double Probability);

/// <summary>One head's prediction: the full distribution, its top three, and whether it is too unsure to use.</summary>
public sealed class LabelPrediction
{
    /// <summary>Below this top probability a head abstains: the input is unlike what it was trained on.</summary>
    public const double AbstainBelow = 0.5;

    private readonly IReadOnlyList<string> _classes;
    private readonly float[] _probabilities;

    internal LabelPrediction(IReadOnlyList<string> classes, float[] probabilities)
    {
        _classes = classes;
        _probabilities = probabilities;
        Top = TopThree(classes, probabilities);
    }

    /// <summary>The three most probable classes, most probable first.</summary>
    public IReadOnlyList<ScoredLabel> Top { get; }

    public string Label => Top[0].Label;

    public double Probability => Top[0].Probability;

    /// <summary>True when the top probability is under <see cref="AbstainBelow"/>.</summary>
    public bool Abstained => Probability < AbstainBelow;

    /// <summary>The probability of one class (0 for a class the model does not know).</summary>
    public double ProbabilityOf(string label)
    {
        for (var i = 0; i < _classes.Count; i++)
        {
            if (string.Equals(_classes[i], label, StringComparison.Ordinal))
            {
                return _probabilities[i];
            }
        }

        return 0;
    }

    /// <summary>Probabilities summed per group (e.g. per architecture family), largest first.</summary>
    public IReadOnlyList<ScoredLabel> SumBy(Func<string, string> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < _classes.Count; i++)
        {
            var key = group(_classes[i]);
            sums[key] = sums.GetValueOrDefault(key) + _probabilities[i];
        }

        return sums.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new ScoredLabel(p.Key, p.Value)).ToList();
    }

    /// <summary>The classes this head can predict.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>The three most probable classes in one pass (ties to the ordinally first class), without sorting them all.</summary>
    private static ScoredLabel[] TopThree(IReadOnlyList<string> classes, float[] probabilities)
    {
        Span<int> best = [-1, -1, -1];
        for (var i = 0; i < probabilities.Length; i++)
        {
            for (var rank = 0; rank < best.Length; rank++)
            {
                if (best[rank] < 0 || Before(i, best[rank]))
                {
                    for (var move = best.Length - 1; move > rank; move--)
                    {
                        best[move] = best[move - 1];
                    }

                    best[rank] = i;
                    break;
                }
            }
        }

        var count = Math.Min(best.Length, probabilities.Length);
        var top = new ScoredLabel[count];
        for (var rank = 0; rank < count; rank++)
        {
            top[rank] = new ScoredLabel(classes[best[rank]], probabilities[best[rank]]);
        }

        return top;

        bool Before(int a, int b) =>
            probabilities[a] > probabilities[b] || (probabilities[a] == probabilities[b] && string.CompareOrdinal(classes[a], classes[b]) < 0);
    }
}

/// <summary>
/// What the classifier says a model is: model_type, architecture class and task, each with its top three. It
/// abstains when its model_type is unsure (top probability under 50 %) or when most of the input's operations never
/// occurred in training (out of distribution).
/// </summary>
public sealed record ClassifierPrediction(LabelPrediction ModelType, LabelPrediction Arch, LabelPrediction Task, double UnknownOperationShare, int Operations)
{
    /// <summary>Above this share of unknown operations the input is out of distribution and the prediction abstains.</summary>
    public const double MaxUnknownShare = 0.5;

    /// <summary>The model_type probability: how sure the headline answer is.</summary>
    public double Confidence => ModelType.Probability;

    public bool Abstained => AbstentionReason is not null;

    /// <summary>Why the prediction should not be used, or null when it can.</summary>
    public string? AbstentionReason =>
        UnknownOperationShare >= 1 ? $"none of the {Operations.ToString("N0", CultureInfo.InvariantCulture)} operations is known to the classifier"
        : UnknownOperationShare > MaxUnknownShare ? $"{Percent(UnknownOperationShare)} of the operations are unknown to the classifier (out of distribution)"
        : ModelType.Abstained ? $"the most probable model_type ({ModelType.Label}) has only {Percent(ModelType.Probability)} (under {Percent(LabelPrediction.AbstainBelow)})"
        : null;

    private static string Percent(double value) => (value * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Whether the prediction contradicts the architecture a name states (given as the model_type it implies). Twins
    /// count as one family (<paramref name="familyOf"/>, by default the naming vocabulary's): the name is contradicted
    /// when its family has under 5 % while another family has over 80 %. Null when there is no contradiction, when the
    /// prediction is out of distribution, or when the classifier knows no model of the name's family (it cannot judge).
    /// </summary>
    public FamilyContradiction? ContradictionOf(string nameModelType, Func<string, string>? familyOf = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameModelType);
        familyOf ??= NamingVocabulary.Default.FamilyOf;
        if (UnknownOperationShare > MaxUnknownShare)
        {
            return null;
        }

        var nameFamily = familyOf(nameModelType);
        if (!ModelType.Classes.Any(c => familyOf(c) == nameFamily))
        {
            return null;
        }

        var families = ModelType.SumBy(familyOf);
        var nameProbability = families.FirstOrDefault(f => f.Label == nameFamily)?.Probability ?? 0;
        var other = families.FirstOrDefault(f => f.Label != nameFamily);
        return other is not null && nameProbability < FamilyContradiction.NameFamilyBelow && other.Probability > FamilyContradiction.OtherFamilyAbove
            ? new FamilyContradiction(nameModelType, nameFamily, nameProbability, other.Label, other.Probability)
            : null;
    }
}

/// <summary>The name's architecture family is improbable while another family is nearly certain.</summary>
public sealed record FamilyContradiction(string NameModelType, string NameFamily, double NameFamilyProbability, string PredictedFamily, double PredictedFamilyProbability)
{
    public const double NameFamilyBelow = 0.05;
    public const double OtherFamilyAbove = 0.8;
}
