namespace Dara.Cloud.Inference.Training;

/// <summary>
/// The multilayer perceptron of <see cref="ClassifierFamily.Mlp"/>: hidden layer sizes (the paper's 512-256-128), dropout,
/// and AdamW training on mini-batches for a fixed number of epochs, or as many as early stopping on an inner split of
/// the training rows chooses. The defaults are the best of the variants measured with 5-fold cross-validation on the
/// PeaTMOSS rows (model_type top-1, seed 1; maximum entropy 79.4%): dropout 0.2 and 60 epochs 80.2% (seeds 2 and 3:
/// 78.8%), dropout 0.1 77.3%, 0.3 80.0%, 0.5 76.0%; 100 epochs 79.8%; weight decay 0.01 79.8%; 256-128 79.0%; rows
/// not scaled to unit length 78.1%; early stopping on a 10% inner split 77.1% (log loss) and 77.5% (errors). One
/// network with a shared 512-256-128 trunk and three softmax heads, trained on the sum of their losses, did worse than
/// a network per head (model_type 77.1%, arch 41.3%, task 42.9%), so each head is its own network.
/// </summary>
public sealed record MlpOptions
{
    public static MlpOptions Default { get; } = new();

    /// <summary>Hidden layer widths, input side first; each is a ReLU layer followed by dropout.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [512, 256, 128];

    /// <summary>Share of each hidden layer's units dropped in training (inverted dropout: scoring needs no rescaling).</summary>
    public float Dropout { get; init; } = 0.2f;

    /// <summary>AdamW step size.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>AdamW decoupled weight decay on the weights (not the biases).</summary>
    public float WeightDecay { get; init; } = 1e-4f;

    public int BatchSize { get; init; } = 32;

    /// <summary>Epochs trained; with early stopping, the most it may choose.</summary>
    public int MaximumEpochs { get; init; } = 60;

    /// <summary>
    /// Share of the training rows held out to choose the number of epochs (the fewest validation errors, then the lowest
    /// log loss, stopping after <see cref="Patience"/> epochs without improvement); the network is then trained anew on
    /// every row for that many epochs. 0 (the default: with a few rows per class the inner split costs more than it
    /// saves) trains <see cref="MaximumEpochs"/> epochs.
    /// </summary>
    public float ValidationShare { get; init; }

    public int Patience { get; init; } = 8;

    /// <summary>Scale each input row to unit length first (the feature groups are already unit length each).</summary>
    public bool NormaliseRows { get; init; } = true;

    /// <summary>Throws when the options cannot describe a network.</summary>
    public void Validate()
    {
        if (HiddenLayers.Count == 0 || HiddenLayers.Any(h => h is < 1 or > 4096))
        {
            throw new ArgumentException("The MLP needs one or more hidden layers of 1 to 4,096 units.", nameof(HiddenLayers));
        }

        if (Dropout is < 0 or >= 1 || ValidationShare is < 0 or >= 1 || !(LearningRate > 0) || WeightDecay < 0 || BatchSize < 1 || MaximumEpochs < 1 || Patience < 1)
        {
            throw new ArgumentException("MLP options out of range: dropout and validation share in [0, 1), a positive step size, batch size, epochs and patience, a non-negative weight decay.");
        }
    }
}
