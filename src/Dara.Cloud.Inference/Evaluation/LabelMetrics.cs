namespace Dara.Cloud.Inference.Evaluation;

/// <summary>A frequent mistake: the true class, the predicted one, how often; <see cref="SameFamily"/> marks twins.</summary>
public sealed record Confusion(string Truth, string Predicted, int Count, bool SameFamily);

/// <summary>
/// How well one head did on out-of-fold predictions: top-1 and top-3 accuracy, macro-F1 (over every class that occurs
/// as truth or prediction, as scikit-learn averages), top-1 at family level (model_type: twins count as one family;
/// arch: the predicted class belongs to the right model family, whatever its head), per-fold top-1, the rows whose
/// class had no example in their training folds, and the most common confusions.
/// </summary>
public sealed record LabelMetrics(
    string Head,
    int Rows,
    int Classes,
    double Top1,
    double Top3,
    double MacroF1,
    double? FamilyTop1,
    int UnseenClassRows,
    double SeenClassTop1,
    IReadOnlyList<double> FoldTop1,
    IReadOnlyList<int> FoldRows,
    IReadOnlyList<Confusion> Confusions)
{
    /// <summary>Scores out-of-fold predictions.</summary>
    /// <param name="head">The head's name.</param>
    /// <param name="classes">The head's classes in slot order.</param>
    /// <param name="truths">The true slot of each row.</param>
    /// <param name="probabilities">Each row's predicted distribution over the slots.</param>
    /// <param name="folds">Each row's fold.</param>
    /// <param name="unseen">Rows whose class had no example in training.</param>
    /// <param name="familyOf">Groups twins (camembert → roberta); null when the head has no families.</param>
    /// <param name="topConfusions">How many confusions to list.</param>
    public static LabelMetrics Score(
        string head,
        IReadOnlyList<string> classes,
        IReadOnlyList<int> truths,
        IReadOnlyList<float[]> probabilities,
        IReadOnlyList<int> folds,
        IReadOnlyList<bool> unseen,
        Func<string, string>? familyOf,
        int topConfusions = 15)
    {
        var rows = truths.Count;
        var predicted = probabilities.Select(ArgMax).ToArray();
        var top1 = 0;
        var top3 = 0;
        var family = 0;
        var seen = 0;
        var seenCorrect = 0;
        var confusions = new Dictionary<(int, int), int>();
        for (var i = 0; i < rows; i++)
        {
            var correct = predicted[i] == truths[i];
            top1 += correct ? 1 : 0;
            top3 += RankOf(probabilities[i], truths[i]) < 3 ? 1 : 0;
            if (familyOf is not null)
            {
                family += familyOf(classes[predicted[i]]) == familyOf(classes[truths[i]]) ? 1 : 0;
            }

            if (!unseen[i])
            {
                seen++;
                seenCorrect += correct ? 1 : 0;
            }

            if (!correct)
            {
                confusions[(truths[i], predicted[i])] = confusions.GetValueOrDefault((truths[i], predicted[i])) + 1;
            }
        }

        var foldCount = folds.Count == 0 ? 0 : folds.Max() + 1;
        var foldRows = new int[foldCount];
        var foldCorrect = new int[foldCount];
        for (var i = 0; i < rows; i++)
        {
            foldRows[folds[i]]++;
            foldCorrect[folds[i]] += predicted[i] == truths[i] ? 1 : 0;
        }

        return new LabelMetrics(
            head,
            rows,
            truths.Distinct().Count(),
            Ratio(top1, rows),
            Ratio(top3, rows),
            MacroAverageF1(truths, predicted),
            familyOf is null ? null : Ratio(family, rows),
            rows - seen,
            Ratio(seenCorrect, seen),
            foldRows.Select((n, f) => Ratio(foldCorrect[f], n)).ToArray(),
            foldRows,
            confusions
                .OrderByDescending(c => c.Value)
                .ThenBy(c => classes[c.Key.Item1], StringComparer.Ordinal)
                .ThenBy(c => classes[c.Key.Item2], StringComparer.Ordinal)
                .Take(topConfusions)
                .Select(c => new Confusion(
                    classes[c.Key.Item1],
                    classes[c.Key.Item2],
                    c.Value,
                    familyOf is not null && familyOf(classes[c.Key.Item1]) == familyOf(classes[c.Key.Item2])))
                .ToArray());
    }

    /// <summary>The slot with the highest probability (the lowest slot on ties, so results are stable).</summary>
    public static int ArgMax(float[] probabilities)
    {
        var best = 0;
        for (var i = 1; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>How many classes rank above <paramref name="slot"/> (ties broken by slot, as <see cref="ArgMax"/>).</summary>
    private static int RankOf(float[] probabilities, int slot)
    {
        var rank = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[slot] || (probabilities[i] == probabilities[slot] && i < slot))
            {
                rank++;
            }
        }

        return rank;
    }

    private static double MacroAverageF1(IReadOnlyList<int> truths, IReadOnlyList<int> predicted)
    {
        var classes = truths.Concat(predicted).Distinct().ToArray();
        var sum = 0.0;
        foreach (var c in classes)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < truths.Count; i++)
            {
                var isTruth = truths[i] == c;
                var isPredicted = predicted[i] == c;
                tp += isTruth && isPredicted ? 1 : 0;
                fp += !isTruth && isPredicted ? 1 : 0;
                fn += isTruth && !isPredicted ? 1 : 0;
            }

            sum += tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
        }

        return classes.Length == 0 ? 0 : sum / classes.Length;
    }

    private static double Ratio(int count, int total) => total == 0 ? 0 : (double)count / total;
}
