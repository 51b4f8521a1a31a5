using Dara.Cloud.Analysis.Formats.Config;

namespace Dara.Cloud.Analysis.Facts;

/// <summary>
/// Estimates a transformer's parameter count from its hyperparameters when no weight shapes are published
/// (a config-only folder, or a pickle checkpoint). Embeddings + per-layer attention and feed-forward; norms and
/// biases are small enough to leave out. Good to a few percent for decoder LMs and BERT-style encoders; that is
/// precise enough to tell 7B from 13B or base from large.
/// </summary>
public static class ConfigParameterEstimate
{
    public static long? Estimate(ModelConfig config)
    {
        var hp = config.EffectiveHyperparameters;
        if (hp is not { HiddenSize: { } h and > 0, Layers: { } layers and > 0 })
        {
            return null;
        }

        var heads = hp.Heads is > 0 ? hp.Heads.Value : Math.Max(1, h / 64);
        var headDim = hp.HeadDim is > 0 ? hp.HeadDim.Value : h / heads;
        var kvHeads = hp.KeyValueHeads is > 0 ? hp.KeyValueHeads.Value : heads;
        var ffn = hp.IntermediateSize is > 0 ? hp.IntermediateSize.Value : 4 * h;

        // Qwen (v1) writes the two halves of its SwiGLU together: intermediate_size 49152 is two matrices of 24576.
        var qwenV1 = config.ModelType is "qwen";
        if (qwenV1)
        {
            ffn /= 2;
        }

        var vocab = hp.VocabSize ?? 0;

        // Gated feed-forwards (SwiGLU/GeGLU) have three matrices instead of two.
        var gated = config.HiddenActivation is { } act
            && (act.Contains("silu", StringComparison.OrdinalIgnoreCase) || act.Contains("swish", StringComparison.OrdinalIgnoreCase)
                || act.Contains("glu", StringComparison.OrdinalIgnoreCase) || config.ModelType is "gemma" or "gemma2" or "gemma3" or "gemma3_text")
            || qwenV1;
        var ffnMatrices = gated ? 3 : 2;
        var experts = hp.Experts is > 1 ? hp.Experts.Value : 1;

        double attention = (2.0 * h * heads * headDim) + (2.0 * h * kvHeads * headDim);
        double feedForward = experts * ffnMatrices * (double)h * ffn;
        double perLayer = attention + feedForward;
        double total = layers * perLayer;

        if (hp.DecoderLayers is > 0 && config.IsEncoderDecoder)
        {
            // Decoder layers add cross-attention to the same blocks.
            total += hp.DecoderLayers.Value * (perLayer + attention);
        }

        total += (double)vocab * h;
        if (config.TieWordEmbeddings == false)
        {
            total += (double)vocab * h;
        }

        if (!config.UsesRelativePositions && hp.MaxPositions is > 0 and < 1_000_000)
        {
            total += (double)hp.MaxPositions.Value * h;
        }

        return total is > 0 and < 1e15 ? (long)total : null;
    }
}
