using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Evaluation;
using Dara.Cloud.Inference.Tests.Training;
using Dara.Cloud.Inference.Training;

namespace Dara.Cloud.Inference.Tests.Evaluation;

/// <summary>
/// Training and cross-validation take minutes on the real rows, so a cancelled token stops them at the next head or
/// fold (dara train and dara eval classifier pass Ctrl+C's token) instead of being ignored until the end.
/// </summary>
public sealed class CancellationTests
{
    private static readonly IReadOnlyList<LabelledTrace> Rows = SyntheticTraces.Make(rowsPerKind: 10, seed: 3);

    [Fact]
    public void A_cancelled_cross_validation_stops_before_its_first_fold()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            CrossValidation.Run(Rows, [], TrainingOptions.Default, folds: 3, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void A_cancelled_training_stops_before_its_first_head()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new ClassifierTrainer(TrainingOptions.Default).Train(Rows, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void A_token_that_is_never_cancelled_changes_nothing()
    {
        using var never = new CancellationTokenSource();

        var withToken = CrossValidation.Run(Rows, [], TrainingOptions.Default, folds: 3, cancellationToken: never.Token);
        var without = CrossValidation.Run(Rows, [], TrainingOptions.Default, folds: 3);

        Assert.Equal(without.Heads.Select(h => h.Top1), withToken.Heads.Select(h => h.Top1));
    }
}
