using CsCheck;
using Dara.Cloud.Inference.Evaluation;

namespace Dara.Cloud.Inference.Tests.Evaluation;

public sealed class StratifiedFoldsTests
{
    [Fact]
    public void Every_class_of_at_least_k_rows_is_spread_over_every_fold()
    {
        var labels = Repeat("bert", 40).Concat(Repeat("roberta", 12)).Concat(Repeat("t5", 5)).ToArray();

        var folds = StratifiedFolds.Assign(labels, 5, seed: 1);

        foreach (var label in new[] { "bert", "roberta", "t5" })
        {
            var perFold = Enumerable.Range(0, 5).Select(f => labels.Where((l, i) => l == label && folds[i] == f).Count()).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"{label}: {string.Join(",", perFold)}");
            Assert.All(perFold, n => Assert.True(n >= 1));
        }
    }

    [Fact]
    public void A_class_smaller_than_k_lands_in_as_many_different_folds()
    {
        var labels = Repeat("bert", 23).Concat(Repeat("rwkv", 4)).Concat(Repeat("detr", 2)).Append("sam").ToArray();

        var folds = StratifiedFolds.Assign(labels, 5, seed: 7);

        Assert.Equal(4, labels.Select((l, i) => (l, i)).Where(p => p.l == "rwkv").Select(p => folds[p.i]).Distinct().Count());
        Assert.Equal(2, labels.Select((l, i) => (l, i)).Where(p => p.l == "detr").Select(p => folds[p.i]).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_folds_and_another_seed_other_ones()
    {
        var labels = Enumerable.Range(0, 200).Select(i => $"class{i % 13}").ToArray();

        Assert.Equal(StratifiedFolds.Assign(labels, 5, 1), StratifiedFolds.Assign(labels, 5, 1));
        Assert.NotEqual(StratifiedFolds.Assign(labels, 5, 1), StratifiedFolds.Assign(labels, 5, 2));
    }

    [Fact]
    public void Fewer_than_two_folds_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedFolds.Assign(["a", "b"], 1, 1));

    [Fact]
    public void Any_labels_give_folds_that_cover_every_row_once_and_differ_in_size_by_at_most_one()
    {
        Gen.Select(Gen.Int[0, 12].Array[1, 300], Gen.Int[2, 10], Gen.Int).Sample((classes, k, seed) =>
        {
            var labels = classes.Select(c => $"c{c}").ToArray();
            var folds = StratifiedFolds.Assign(labels, k, seed);

            Assert.Equal(labels.Length, folds.Length);
            Assert.All(folds, f => Assert.InRange(f, 0, k - 1));
            var sizes = Enumerable.Range(0, k).Select(f => folds.Count(x => x == f)).ToArray();
            Assert.True(sizes.Max() - sizes.Min() <= 1);
        });
    }

    private static IEnumerable<string> Repeat(string label, int count) => Enumerable.Repeat(label, count);
}
