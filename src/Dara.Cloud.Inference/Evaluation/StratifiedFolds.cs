using Dara.Cloud.Inference.Training;

namespace Dara.Cloud.Inference.Evaluation;

/// <summary>
/// Stratified fold assignment that also works for classes smaller than the number of folds. Each class's rows are
/// shuffled (seeded) and dealt to folds round-robin, the dealing continuing from where the previous class stopped.
/// So a class of at least k rows is in every fold (sizes differ by at most one), a class of 2 ≤ n &lt; k rows lands in n
/// different folds (each of its rows is tested with the others in training), fold sizes differ by at most one, and a
/// class of one row is tested once with no example of it in training — counted as an error and reported apart as an
/// "unseen class" row, rather than silently dropped.
/// </summary>
public static class StratifiedFolds
{
    /// <summary>The fold (0 … <paramref name="folds"/> − 1) of each row, stratified by <paramref name="labels"/>.</summary>
    public static int[] Assign(IReadOnlyList<string> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var classes = labels
            .Select((label, row) => (label, row))
            .GroupBy(p => p.label, StringComparer.Ordinal)
            // Large classes first, so the small ones fill the folds the large ones left one row short.
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal);

        var assignment = new int[labels.Count];
        var next = 0;
        var random = new SplitMix64((ulong)seed);
        foreach (var group in classes)
        {
            var rows = group.Select(p => p.row).ToArray();
            random.Shuffle(rows);
            foreach (var row in rows)
            {
                assignment[row] = next;
                next = (next + 1) % folds;
            }
        }

        return assignment;
    }
}
