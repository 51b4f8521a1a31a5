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

    /// <summary>arch and task when each row's true model_type is known (null unless asked for).</summary>
    public ModelTypeGivenEvaluation? GivenModelType { get; init; }

    public LabelMetrics Of(ClassifierHead head) => Heads.Single(h => h.Head == ClassifierHeads.NameOf(head));
}

/// <summary>
/// arch and task on the same folds when each row's true model_type is known. <see cref="Trained"/>: the family's heads
/// trained and scored with the true model_type appended to every row's features — a ceiling for what the layer sequence
/// adds to the model_type, since a PeaTMOSS trace is of the base model (it ends at the pooler whatever the head).
/// <see cref="Majority"/>: the most common label of the row's model_type in its training folds, no trace read at all.
/// </summary>
public sealed record ModelTypeGivenEvaluation(IReadOnlyList<LabelMetrics> Trained, IReadOnlyList<LabelMetrics> Majority)
{
    /// <summary>The heads measured: model_type itself is what is given.</summary>
    public static IReadOnlyList<ClassifierHead> Heads { get; } = [ClassifierHead.Arch, ClassifierHead.Task];
}

/// <summary>
/// Stratified k-fold cross-validation on the PeaTMOSS rows, each head with folds stratified by its own label
/// (<see cref="StratifiedFolds"/>). The real-model fingerprints are in every training fold and never scored there:
/// the figures are on the PeaTMOSS rows alone, comparable with the paper's. When the options train on weights views,
/// only the training folds' views are added, and the held-out rows' views are scored apart
/// (<see cref="ClassifierEvaluation.WeightViews"/>): how well model_type is read from the layers a weight file shows.
/// Asked to, it also scores arch and task with the true model_type given (<see cref="ModelTypeGivenEvaluation"/>).
/// </summary>
public static class CrossValidation
{
    public const int DefaultFolds = 5;

    /// <summary>Fewer real-model rows than this and their own figure is not computed (too few to mean anything).</summary>
    private const int MinimumRealRows = 10;

    /// <summary>
    /// The value of the given model_type's one-hot feature: a group's features are scaled to unit length times the
    /// group's weight, and the operations and their pairs (DARA's <c>p</c> and <c>l</c>) weigh 1, so the model_type
    /// weighs as much as one of the trace's main groups — neither drowned by the trace nor drowning it.
    /// </summary>
    public const float GivenModelTypeValue = 1f;

    /// <param name="givenModelType">
    /// Also score arch and task with the true model_type given (<see cref="ClassifierEvaluation.GivenModelType"/>):
    /// two more heads trained per fold.
    /// </param>
    public static ClassifierEvaluation Run(
        IReadOnlyList<LabelledTrace> peatmoss,
        IReadOnlyList<LabelledTrace> realModels,
        TrainingOptions options,
        int folds = DefaultFolds,
        int topConfusions = 15,
        bool givenModelType = false,
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
            var (metrics, viewMetrics) = ScoreHead(labels, head, scored, real, folds, options.Seed, topConfusions, Trained(trainer, labels, head, scored, real), cancellationToken);
            heads.Add(metrics);
            views ??= viewMetrics;
        }

        var realMetrics = realModels.Count >= MinimumRealRows
            ? ScoreHead(labels, ClassifierHead.ModelType, real, scored, folds, options.Seed, topConfusions, Trained(trainer, labels, ClassifierHead.ModelType, real, scored), cancellationToken).Metrics
            : null;
        var given = givenModelType ? ScoreWithModelTypeGiven(trainer, labels, scored, real, folds, topConfusions, cancellationToken) : null;

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
            GivenModelType = given,
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
        foreach (var (rows, i) in TrainingRowsOf(scored, assignment, fold, alwaysTrain))
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

        var model = trainer.TrainHead(trainRows, trainSlots, labels.ClassesOf(head).Count);
        var testRows = HeldOut(assignment, fold);
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

    /// <summary>
    /// arch and task with the true model_type given, on the folds <see cref="Run"/> uses: the family's heads trained on
    /// the features with the model_type appended, and the majority label of the row's model_type.
    /// </summary>
    private static ModelTypeGivenEvaluation ScoreWithModelTypeGiven(
        ClassifierTrainer trainer,
        LabelSpace labels,
        FoldRows scored,
        FoldRows alwaysTrain,
        int folds,
        int topConfusions,
        CancellationToken cancellationToken)
    {
        var seed = trainer.Options.Seed;
        var givenScored = scored.WithModelTypeGiven(labels);
        var givenAlways = alwaysTrain.WithModelTypeGiven(labels);
        var trained = ModelTypeGivenEvaluation.Heads
            .Select(head => ScoreHead(labels, head, givenScored, givenAlways, folds, seed, topConfusions, Trained(trainer, labels, head, givenScored, givenAlways), cancellationToken).Metrics)
            .ToArray();
        var majority = ModelTypeGivenEvaluation.Heads
            .Select(head => ScoreHead(
                labels,
                head,
                scored,
                alwaysTrain,
                folds,
                seed,
                topConfusions,
                (assignment, fold) => MajorityOfModelType(labels, head, scored, assignment, fold, alwaysTrain),
                cancellationToken).Metrics)
            .ToArray();
        return new ModelTypeGivenEvaluation(trained, majority);
    }

    /// <summary>Predicts the held-out rows of one fold of an assignment (and their weights views, null where none).</summary>
    private delegate (float[][] Rows, float[]?[] Views) FoldPredictor(IReadOnlyList<int> assignment, int fold);

    /// <summary>The family's head trained on the other folds (<see cref="PredictFold"/>).</summary>
    private static FoldPredictor Trained(ClassifierTrainer trainer, LabelSpace labels, ClassifierHead head, FoldRows scored, FoldRows alwaysTrain) =>
        (assignment, fold) => PredictFold(trainer, labels, head, scored, assignment, fold, alwaysTrain);

    /// <summary>
    /// Predicts each held-out row's <paramref name="head"/> as the distribution of that label among the fold's training
    /// rows of the row's true model_type (all training rows when the model_type has none): the top-1 is the majority
    /// label, and no trace is read. The always-trained rows count, as they do for the trained heads.
    /// </summary>
    private static (float[][] Rows, float[]?[] Views) MajorityOfModelType(
        LabelSpace labels, ClassifierHead head, FoldRows scored, IReadOnlyList<int> assignment, int fold, FoldRows alwaysTrain)
    {
        var classCount = labels.ClassesOf(head).Count;
        var all = new float[classCount];
        var byModelType = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (rows, i) in TrainingRowsOf(scored, assignment, fold, alwaysTrain))
        {
            var example = rows.Examples[i];
            var slot = labels.IndexOf(head, example.LabelOf(head));
            if (!byModelType.TryGetValue(example.ModelType, out var counts))
            {
                byModelType[example.ModelType] = counts = new float[classCount];
            }

            counts[slot]++;
            all[slot]++;
        }

        foreach (var counts in byModelType.Values.Append(all))
        {
            var total = counts.Sum();
            for (var c = 0; c < counts.Length; c++)
            {
                counts[c] /= total;
            }
        }

        var testRows = HeldOut(assignment, fold);
        return (testRows.Select(i => byModelType.GetValueOrDefault(scored.Examples[i].ModelType, all)).ToArray(), new float[]?[testRows.Length]);
    }

    /// <summary>The rows a fold trains on, in training order: the scored rows of the other folds, then the always-trained rows.</summary>
    private static IEnumerable<(FoldRows Rows, int Index)> TrainingRowsOf(FoldRows scored, IReadOnlyList<int> assignment, int fold, FoldRows alwaysTrain)
    {
        for (var i = 0; i < scored.Examples.Count; i++)
        {
            if (assignment[i] != fold)
            {
                yield return (scored, i);
            }
        }

        for (var i = 0; i < alwaysTrain.Examples.Count; i++)
        {
            yield return (alwaysTrain, i);
        }
    }

    /// <summary>The rows of <paramref name="fold"/>, ascending.</summary>
    private static int[] HeldOut(IReadOnlyList<int> assignment, int fold) =>
        Enumerable.Range(0, assignment.Count).Where(i => assignment[i] == fold).ToArray();

    private static (LabelMetrics Metrics, LabelMetrics? Views) ScoreHead(
        LabelSpace labels,
        ClassifierHead head,
        FoldRows scored,
        FoldRows alwaysTrain,
        int folds,
        int seed,
        int topConfusions,
        FoldPredictor predictFold,
        CancellationToken cancellationToken)
    {
        var examples = scored.Examples;
        var assignment = FoldsOf(examples, head, folds, seed);
        var truths = examples.Select(e => labels.IndexOf(head, e.LabelOf(head))).ToArray();
        var probabilities = new float[examples.Count][];
        var viewProbabilities = new float[]?[examples.Count];
        var unseen = new bool[examples.Count];
        var alwaysLabels = alwaysTrain.Examples.Select(e => e.LabelOf(head)).ToHashSet(StringComparer.Ordinal);
        for (var fold = 0; fold < folds; fold++)
        {
            // Between folds: one fold's training cannot be interrupted, and a whole evaluation takes minutes.
            cancellationToken.ThrowIfCancellationRequested();
            var (predicted, views) = predictFold(assignment, fold);
            var testRows = HeldOut(assignment, fold);
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

    /// <summary>
    /// These rows with each one's true model_type appended as a one-hot beyond the hashed width (one feature per
    /// model_type class, valued <see cref="CrossValidation.GivenModelTypeValue"/>); weights views too, since every row
    /// of a training call has the same width.
    /// </summary>
    public FoldRows WithModelTypeGiven(LabelSpace labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var classes = labels.ClassesOf(ClassifierHead.ModelType).Count;
        SparseFeatures Given(SparseFeatures row, LabelledTrace example) => new(
            row.Width + classes,
            [.. row.Indices, row.Width + labels.IndexOf(ClassifierHead.ModelType, example.ModelType)],
            [.. row.Values, CrossValidation.GivenModelTypeValue]);
        return new FoldRows(
            Examples,
            Features.Select((row, i) => Given(row, Examples[i])).ToArray(),
            Views.Select((view, i) => view is null ? null : Given(view, Examples[i])).ToArray());
    }
}
