namespace Dara.Cloud.Analysis.Facts;

/// <summary>
/// The task a model's head serves, read from the head's tensor names when no config.json names the head class:
/// transformers gives each task head its own modules (<c>qa_outputs</c>, <c>classifier.out_proj</c>, <c>cls.predictions</c>).
/// </summary>
/// <param name="Task">The Hub pipeline task the head serves.</param>
/// <param name="Module">The head module that says so.</param>
public sealed record WeightHead(string Task, string Module)
{
    /// <summary>
    /// The head of <paramref name="tensors"/> whose backbone is named <paramref name="prefix"/> and reads
    /// <paramref name="modality"/>, or null when its tensors do not tell (a bare backbone, an unknown head).
    /// </summary>
    /// <param name="tensors">The model's tensors.</param>
    /// <param name="prefix">The backbone's prefix (<c>roberta</c>, <c>model</c>), if the names share one.</param>
    /// <param name="modality">What the backbone reads, from its prefix; unknown for prefixes many families share.</param>
    /// <param name="oneStack">Whether the names hold one stack of blocks (not a language model with a vision tower).</param>
    public static WeightHead? Of(IReadOnlyList<Formats.TensorSpec> tensors, string? prefix, Modality modality, bool oneStack)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var head = tensors.Select(t => t.Name).Where(n => prefix is null || !n.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList();
        bool Has(string module) => head.Any(n => n.StartsWith(module + ".", StringComparison.Ordinal));

        if (Has("qa_outputs"))
        {
            return new("question-answering", "qa_outputs");
        }

        return modality switch
        {
            Modality.Audio => Has("lm_head") ? new("automatic-speech-recognition", "lm_head")
                : Has("classifier") && Has("projector") ? new("audio-classification", "classifier")
                : null,
            Modality.Vision => Has("classifier") ? new("image-classification", "classifier") : null,
            Modality.Text => TextHead(tensors, Has),
            // No prefix the knowledge names: a decoder's (model., transformer., gpt_neox.) scoring or language-model head.
            Modality.Unknown when Has("score") => new("text-classification", "score"),
            // An encoder-decoder's (BART, T5) is generation from an input, and a vision-language model's reads images.
            Modality.Unknown when (Has("lm_head") || Has("embed_out")) && oneStack && !tensors.Any(t => t.Name.Contains("encoder.", StringComparison.Ordinal)) =>
                new("text-generation", Has("lm_head") ? "lm_head" : "embed_out"),
            _ => null,
        };
    }

    private static WeightHead? TextHead(IReadOnlyList<Formats.TensorSpec> tensors, Func<string, bool> has)
    {
        // RoBERTa-style and ELECTRA classification heads have a dense layer and out_proj; DistilBERT's a pre_classifier.
        if (has("classifier.out_proj") || (has("pre_classifier") && has("classifier")))
        {
            return new("text-classification", has("pre_classifier") ? "pre_classifier" : "classifier.out_proj");
        }

        // Encoders' masked-LM heads; a decoder's lm_head (LED, ProphetNet) is a single matrix and says nothing here.
        foreach (var masked in new[] { "cls.predictions", "lm_head.dense", "lm_head.decoder", "vocab_projector", "generator_lm_head" })
        {
            if (has(masked))
            {
                return new("fill-mask", masked);
            }
        }

        // A plain classifier scores the pooled sequence (BertForSequenceClassification keeps the pooler) or every
        // token (the token-classification classes build their backbone without one).
        return has("classifier")
            ? new(tensors.Any(t => t.Name.Contains("pooler.", StringComparison.Ordinal)) ? "text-classification" : "token-classification", "classifier")
            : null;
    }
}
