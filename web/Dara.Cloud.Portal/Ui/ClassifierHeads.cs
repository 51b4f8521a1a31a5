namespace Dara.Cloud.Portal.Ui;

/// <summary>One head of the learned classifier as a verdict reports it: a title and its most likely labels.</summary>
public sealed record ClassifierHead(string Title, IReadOnlyList<(string Label, double Probability)> Top);

/// <summary>
/// The learned classifier's top three per head (model type, architecture, task) as the model page charts them, from
/// the verdict's <see cref="PredictionRecord"/>. A verdict without a prediction (nothing structural was published,
/// or the engine ran without the classifier) yields no heads; an empty head is left out.
/// </summary>
public static class ClassifierHeads
{
    /// <summary>How many labels of each head are shown.</summary>
    public const int TopCount = 3;

    public static IReadOnlyList<ClassifierHead> Read(PredictionRecord? prediction)
    {
        if (prediction is null)
        {
            return [];
        }

        var heads = new List<ClassifierHead>(3);
        Add(heads, "Model type", prediction.ModelType);
        Add(heads, "Architecture", prediction.Arch);
        Add(heads, "Task", prediction.Task);
        return heads;
    }

    private static void Add(List<ClassifierHead> heads, string title, IReadOnlyList<ScoredLabelRecord>? labels)
    {
        if (labels is { Count: > 0 })
        {
            heads.Add(new ClassifierHead(
                title,
                labels.OrderByDescending(l => l.Probability).Take(TopCount).Select(l => (l.Label, Math.Clamp(l.Probability, 0, 1))).ToList()));
        }
    }
}
