using Dara.Cloud.Inference.Data;
using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Training;

/// <summary>Trains the three heads (model_type, arch, task) of one family on labelled traces.</summary>
public sealed class ClassifierTrainer
{
    public ClassifierTrainer(TrainingOptions? options = null)
    {
        Options = options ?? TrainingOptions.Default;
        Extractor = new FeatureExtractor(Options.Features);
    }

    public TrainingOptions Options { get; }

    public FeatureExtractor Extractor { get; }

    /// <summary>Trains on every example; the label space is the examples' classes unless one is given.</summary>
    /// <param name="cancellationToken">Observed between the heads: one head's training cannot be interrupted.</param>
    public TrainedClassifier Train(IReadOnlyList<LabelledTrace> examples, LabelSpace? labels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        labels ??= LabelSpace.Of(examples);
        examples = [.. examples, .. WeightViewsOf(examples)];
        var features = examples.Select(e => Extractor.Extract(e.Trace)).ToList();
        var heads = new Dictionary<ClassifierHead, IHeadModel>();
        foreach (var head in ClassifierHeads.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slots = examples.Select(e => SlotOf(labels, head, e)).ToList();
            heads[head] = TrainHead(features, slots, labels.ClassesOf(head).Count);
        }

        var tokens = examples.SelectMany(e => e.Trace.Tokens).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new TrainedClassifier(Options, labels, heads, examples.Count, tokens);
    }

    /// <summary>The weights views of the traced examples, when the options ask for them (none otherwise).</summary>
    public IEnumerable<LabelledTrace> WeightViewsOf(IEnumerable<LabelledTrace> examples) =>
        Options.WeightViews
            ? examples.Select(e => e.Trace.WeightsView() is { } view && e.Trace.Origin == TraceOrigin.Trace ? e with { Trace = view } : null).OfType<LabelledTrace>()
            : [];

    /// <summary>Trains one head on feature rows labelled with class slots.</summary>
    internal IHeadModel TrainHead(IReadOnlyList<SparseFeatures> rows, IReadOnlyList<int> slots, int classCount) => Options.Family switch
    {
        ClassifierFamily.NearestNeighbour => NearestNeighbourHead.Train(rows, slots, classCount),
        ClassifierFamily.Mlp => MlpHead.Train(rows, slots, classCount, Options),
        _ => MlNetHead.Train(rows, slots, classCount, Options),
    };

    private static int SlotOf(LabelSpace labels, ClassifierHead head, LabelledTrace example)
    {
        var slot = labels.IndexOf(head, example.LabelOf(head));
        return slot >= 0
            ? slot
            : throw new ArgumentException($"{example.Id}: {ClassifierHeads.NameOf(head)} '{example.LabelOf(head)}' is not in the label space.", nameof(labels));
    }
}
