namespace Dara.Cloud.Inference.Features;

/// <summary>
/// How layer traces become feature vectors: the hashed width and the weight of each feature group. Stored with a
/// trained model (classifier.json), so scoring extracts exactly the features the model was trained on.
/// A group weight of 0 leaves the group out.
/// </summary>
public sealed record FeatureOptions
{
    public static FeatureOptions Default { get; } = new();

    /// <summary>
    /// Hashed vector width. 1,024 buckets: the traces use about 130 operation names, a few thousand pairs and runs;
    /// 2,048 scored within about a point per head in cross-validation, at twice the scoring cost.
    /// </summary>
    public int Width { get; init; } = 1024;

    /// <summary>Operation counts: DARA's <c>p</c> vector of a trace whose layers carry no parameters.</summary>
    public float Unigrams { get; init; } = 1f;

    /// <summary>Adjacent operation pairs: DARA's <c>l</c> vector, keys <c>"(layernorm, linear)"</c>.</summary>
    public float Pairs { get; init; } = 1f;

    /// <summary>Runs of three operations (a pair in context).</summary>
    public float Triples { get; init; } = 0.7f;

    /// <summary>Generic classes (linear, layernorm, rmsnorm, embedding, conv…) of the layers that hold weights, alone
    /// and in pairs: the part of a trace a weight file also shows.</summary>
    public float WeightLayers { get; init; } = 0.5f;

    /// <summary>The first and last few operations as one feature each: how a model starts (its embeddings) and ends.</summary>
    public float Anchors { get; init; } = 0.5f;

    /// <summary>The trace length, bucketed on a log scale.</summary>
    public float Length { get; init; } = 0.3f;

    /// <summary>Where the trace came from (trace, weights, onnx).</summary>
    public float Origin { get; init; } = 0.5f;

    /// <summary>DARA's <c>p</c> keys with parameters (in/out features, kernel sizes), from engine fingerprints.</summary>
    public float ParameterKeys { get; init; } = 1f;

    /// <summary>Words of module paths and ONNX node names (self_attn, q_proj, attention).</summary>
    public float PathWords { get; init; } = 1f;

    /// <summary>The number of repeated blocks (depth), where the weights show it.</summary>
    public float Blocks { get; init; } = 0.5f;

    /// <summary>Throws when the options cannot describe a feature space.</summary>
    public void Validate()
    {
        if (Width is < 16 or > 1 << 20)
        {
            throw new ClassifierInputException($"The feature width must be between 16 and {1 << 20:N0}; it is {Width:N0}.");
        }

        float[] weights = [Unigrams, Pairs, Triples, WeightLayers, Anchors, Length, Origin, ParameterKeys, PathWords, Blocks];
        if (weights.Any(w => w < 0 || !float.IsFinite(w)))
        {
            throw new ClassifierInputException("Feature group weights must be finite and not negative.");
        }
    }
}
