using Dara.Cloud.Inference.Features;

namespace Dara.Cloud.Inference.Training;

/// <summary>The model families compared (each head is one multiclass model of the family).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ClassifierFamily>))]
public enum ClassifierFamily
{
    /// <summary>Multinomial logistic regression (ML.NET L-BFGS maximum entropy): one weight per feature and class.</summary>
    MaximumEntropy,

    /// <summary>Gradient-boosted trees (ML.NET LightGBM, one tree per class and round).</summary>
    LightGbm,

    /// <summary>Cosine nearest neighbour over the same features: the reference point, not trained.</summary>
    NearestNeighbour,

    /// <summary>The paper's multilayer perceptron: ReLU hidden layers with dropout and a softmax output (<see cref="MlpOptions"/>).</summary>
    Mlp,
}

/// <summary>Everything that decides a trained model: features, family, hyperparameters and the seed.</summary>
public sealed record TrainingOptions
{
    public static TrainingOptions Default { get; } = new();

    /// <summary>Seeds ML.NET's context and LightGBM; with one training thread the result is the same bytes every run.</summary>
    public int Seed { get; init; } = 1;

    public ClassifierFamily Family { get; init; } = ClassifierFamily.MaximumEntropy;

    public FeatureOptions Features { get; init; } = FeatureOptions.Default;

    /// <summary>
    /// Also train on each trace's weights view (<see cref="LayerTrace.WeightsView"/>), so that fingerprints read from
    /// weight files, which show only the layers holding weights, are classified by what the traces taught.
    /// </summary>
    public bool WeightViews { get; init; } = true;

    /// <summary>Maximum entropy: L2 penalty (ML.NET's scale; smaller fits the training rows more closely).</summary>
    public float L2Regularization { get; init; } = 0.1f;

    /// <summary>Maximum entropy: L1 penalty (sparser weights).</summary>
    public float L1Regularization { get; init; } = 0f;

    /// <summary>Maximum entropy: L-BFGS stops after this many iterations or at <see cref="OptimizationTolerance"/>.</summary>
    public int MaximumIterations { get; init; } = 400;

    public float OptimizationTolerance { get; init; } = 1e-6f;

    /// <summary>LightGBM: boosting rounds.</summary>
    public int BoostingRounds { get; init; } = 100;

    /// <summary>LightGBM: leaves per tree.</summary>
    public int Leaves { get; init; } = 8;

    /// <summary>LightGBM: rows a leaf needs; small, because many classes have two or three rows.</summary>
    public int MinimumRowsPerLeaf { get; init; } = 2;

    public double LearningRate { get; init; } = 0.1;

    /// <summary>MLP: the network and how it is trained.</summary>
    public MlpOptions Mlp { get; init; } = MlpOptions.Default;
}
