using System.Diagnostics;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Features;
using Dara.Cloud.Inference.Training;

namespace Dara.Cloud.Inference.Evaluation;

/// <summary>
/// The cross-validated figures of one model family. <see cref="TrainingRowsPerFold"/>: rows each fold's model was
/// trained on (PeaTMOSS rows of the other folds plus the real-model rows). <see cref="RealModels"/>: model_type on the
/// real-model fingerprints (k-fold over them, every PeaTMOSS row in training), when there are enough of them.
/// </summary>
public sealed record ClassifierEvaluation(
    ClassifierFamily Family,
    int Folds,
    int Seed,
    int PeatmossRows,
    int RealModelRows,
    double TrainingRowsPerFold,
    IReadOnlyList<LabelMetrics> Heads,
    LabelMetrics? RealModels,
    double Seconds)
{
    /// <summary>model_type read from the held-out rows' weights views (null when not trained with views).</summary>
    public LabelMetrics? WeightViews { get; init; }

    /// <summary>Weights views added to each fold's training rows.</summary>
    public double WeightViewRowsPerFold { get; init; }

    public LabelMetrics Of(ClassifierHead head) => Heads.Single(h => h.Head == ClassifierHeads.NameOf(head));
}

/// <summary>
/// Stratified k-fold cross-validation on the PeaTMOSS rows, each head with folds stratified by its own label
/// (<see cref="StratifiedFolds"/>). The real-model fingerprints are in every training fold and never scored there:
/// the figures are on the PeaTMOSS rows alone, comparable with the paper's. When the options train on weights views,
/// only the training folds' views are added, and the held-out rows' views are scored apart
/// (<see cref="ClassifierEvaluation.WeightViews"/>): how well model_type is read from the layers a weight file shows.
/// </summary>
public static class CrossValidation
{
    public const int DefaultFolds = 5;

    /// <summary>Fewer real-model rows than this and their own figure is not computed (too few to mean anything).</summary>
    private const int MinimumRealRows = 10;

    public static ClassifierEvaluation Run(
        IReadOnlyList<LabelledTrace> peatmoss,
        IReadOnlyList<LabelledTrace> realModels,
        TrainingOptions options,
        int folds = DefaultFolds,
        int topConfusions = 15,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peatmoss);
        ArgumentNullException.ThrowIfNull(realModels);
        var watch = Stopwatch.StartNew();
        var trainer = new ClassifierTrainer(options);
        var labels = LabelSpace.Of(peatmoss.Concat(realModels));
        var scored = FoldRows.Of(trainer, peatmoss);
        var real = FoldRows.Of(trainer, realModels);

        var heads = new List<LabelMetrics>();
        LabelMetrics? views = null;
        foreach (var head in ClassifierHeads.All)
        {
            var (metrics, viewMetrics) = ScoreHead(trainer, labels, head, scored, real, folds, topConfusions, cancellationToken);
            heads.Add(metrics);
            views ??= viewMetrics;
        }

        var realMetrics = realModels.Count >= MinimumRealRows
            ? ScoreHead(trainer, labels, ClassifierHead.ModelType, real, scored, folds, topConfusions, cancellationToken).Metrics
            : null;

        var viewsPerFold = scored.Views.Count(v => v is not null) * (folds - 1.0) / folds;
        return new ClassifierEvaluation(
            options.Family,
            folds,
            options.Seed,
            peatmoss.Count,
            realModels.Count,
            peatmoss.Count * (folds - 1.0) / folds + realModels.Count,
            heads,
            realMetrics,
            Math.Round(watch.Elapsed.TotalSeconds, 1))
        {
            WeightViews = views,
            WeightViewRowsPerFold = viewsPerFold,
        };
    }

    /// <summary>The folds of <paramref name="head"/> over the scored rows, as <see cref="Run"/> assigns them.</summary>
    public static int[] FoldsOf(IReadOnlyList<LabelledTrace> scored, ClassifierHead head, int folds, int seed) =>
        StratifiedFolds.Assign(scored.Select(e => e.LabelOf(head)).ToArray(), folds, seed);

    /// <summary>
    /// Trains <paramref name="head"/> on every fold but <paramref name="fold"/> (with those folds' weights views and
    /// the always-trained rows) and predicts that fold's rows, and their weights views where they have one.
    /// </summary>
    public static (float[][] Rows, float[]?[] Views) PredictFold(
        ClassifierTrainer trainer,
        LabelSpace labels,
        ClassifierHead head,
        FoldRows scored,
        IReadOnlyList<int> assignment,
        int fold,
        FoldRows alwaysTrain)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(alwaysTrain);
        var trainRows = new List<SparseFeatures>();
        var trainSlots = new List<int>();
        void Add(FoldRows rows, int i)
        {
            var slot = labels.IndexOf(head, rows.Examples[i].LabelOf(head));
            trainRows.Add(rows.Features[i]);
            trainSlots.Add(slot);
            if (rows.Views[i] is { } view)
            {
                trainRows.Add(view);
                trainSlots.Add(slot);
            }
        }

        for (var i = 0; i < scored.Examples.Count; i++)
        {
            if (assignment[i] != fold)
            {
                Add(scored, i);
            }
        }

        for (var i = 0; i < alwaysTrain.Examples.Count; i++)
        {
            Add(alwaysTrain, i);
        }

        var model = trainer.TrainHead(trainRows, trainSlots, labels.ClassesOf(head).Count);
        var testRows = Enumerable.Range(0, scored.Examples.Count).Where(i => assignment[i] == fold).ToArray();
        var predicted = model.Predict(testRows.Select(i => scored.Features[i]).ToList());
        var withViews = testRows.Where(i => scored.Views[i] is not null).ToArray();
        var viewPredictions = model.Predict(withViews.Select(i => scored.Views[i]!).ToList());
        var views = new float[]?[testRows.Length];
        for (int k = 0, v = 0; k < testRows.Length; k++)
        {
            views[k] = scored.Views[testRows[k]] is null ? null : viewPredictions[v++];
        }

        return (predicted, views);
    }

    private static (LabelMetrics Metrics, LabelMetrics? Views) ScoreHead(
        ClassifierTrainer trainer,
        LabelSpace labels,
        ClassifierHead head,
        FoldRows scored,
        FoldRows alwaysTrain,
        int folds,
        int topConfusions,
        CancellationToken cancellationToken)
    {
        var examples = scored.Examples;
        var assignment = FoldsOf(examples, head, folds, trainer.Options.Seed);
        var truths = examples.Select(e => labels.IndexOf(head, e.LabelOf(head))).ToArray();
        var probabilities = new float[examples.Count][];
        var viewProbabilities = new float[]?[examples.Count];
        var unseen = new bool[examples.Count];
        var alwaysLabels = alwaysTrain.Examples.Select(e => e.LabelOf(head)).ToHashSet(StringComparer.Ordinal);
        for (var fold = 0; fold < folds; fold++)
        {
            // Between folds: one fold's training cannot be interrupted, and a whole evaluation takes minutes.
            cancellationToken.ThrowIfCancellationRequested();
            var (predicted, views) = PredictFold(trainer, labels, head, scored, assignment, fold, alwaysTrain);
            var testRows = Enumerable.Range(0, examples.Count).Where(i => assignment[i] == fold).ToArray();
            var trainClasses = Enumerable.Range(0, examples.Count).Where(i => assignment[i] != fold).Select(i => truths[i]).ToHashSet();
            for (var k = 0; k < testRows.Length; k++)
            {
                var row = testRows[k];
                probabilities[row] = predicted[k];
                viewProbabilities[row] = views[k];

                // A row is "unseen" when no training row of this fold has its class.
                unseen[row] = !trainClasses.Contains(truths[row]) && !alwaysLabels.Contains(examples[row].LabelOf(head));
            }
        }

        var familyOf = FamilyOf(head, examples.Concat(alwaysTrain.Examples));
        var name = ClassifierHeads.NameOf(head);
        var metrics = LabelMetrics.Score(name, labels.ClassesOf(head), truths, probabilities, assignment, unseen, familyOf, topConfusions);
        var withViews = Enumerable.Range(0, examples.Count).Where(i => viewProbabilities[i] is not null).ToArray();
        var viewMetrics = head == ClassifierHead.ModelType && withViews.Length > 0
            ? LabelMetrics.Score(
                name + " (weights views)",
                labels.ClassesOf(head),
                withViews.Select(i => truths[i]).ToArray(),
                withViews.Select(i => viewProbabilities[i]!).ToArray(),
                withViews.Select(i => assignment[i]).ToArray(),
                withViews.Select(i => unseen[i]).ToArray(),
                familyOf,
                topConfusions)
            : null;
        return (metrics, viewMetrics);
    }

    /// <summary>
    /// What counts as "the same family" for a head: for model_type the naming vocabulary's families (twins such as
    /// camembert and roberta are one); for arch the family of the class's model_type, so an arch confused only in its
    /// head (BertForMaskedLM for BertForSequenceClassification) counts as right at family level; none for task.
    /// </summary>
    private static Func<string, string>? FamilyOf(ClassifierHead head, IEnumerable<LabelledTrace> examples)
    {
        var vocabulary = NamingVocabulary.Default;
        if (head == ClassifierHead.ModelType)
        {
            return vocabulary.FamilyOf;
        }

        if (head != ClassifierHead.Arch)
        {
            return null;
        }

        var modelTypeOf = examples
            .GroupBy(e => e.Arch, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.GroupBy(e => e.ModelType, StringComparer.Ordinal).OrderByDescending(m => m.Count()).ThenBy(m => m.Key, StringComparer.Ordinal).First().Key,
                StringComparer.Ordinal);
        return arch => vocabulary.FamilyOf(modelTypeOf.GetValueOrDefault(arch, arch));
    }
}

/// <summary>Examples with their features and weights-view features (null where there is no view), extracted once.</summary>
public sealed record FoldRows(IReadOnlyList<LabelledTrace> Examples, IReadOnlyList<SparseFeatures> Features, IReadOnlyList<SparseFeatures?> Views)
{
    public static FoldRows Of(ClassifierTrainer trainer, IReadOnlyList<LabelledTrace> examples)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var viewed = trainer.Options.WeightViews;
        return new FoldRows(
            examples,
            examples.Select(e => trainer.Extractor.Extract(e.Trace)).ToArray(),
            examples.Select(e => viewed && e.Trace.Origin == TraceOrigin.Trace && e.Trace.WeightsView() is { } view ? trainer.Extractor.Extract(view) : null).ToArray());
    }
}
