namespace Dara.Cloud.Analysis.Facts;

/// <summary>
/// The task a transformers head class implies (formats.md §8.6). The suffix alone is ambiguous for a few heads
/// (ForConditionalGeneration spans seq2seq, speech and vision-language; ForSequenceClassification spans text and audio),
/// so the modality decides those.
/// </summary>
public static class HeadClassTasks
{
    private static readonly (string Suffix, string Task)[] Suffixes =
    [
        ("ForCausalLM", "text-generation"),
        ("LMHeadModel", "text-generation"),
        ("ForMaskedLM", "fill-mask"),
        ("WithLMHeadModel", "fill-mask"),
        ("ForPreTraining", "fill-mask"),
        ("ForSequenceClassification", "text-classification"),
        ("ForTokenClassification", "token-classification"),
        ("ForQuestionAnsweringSimple", "question-answering"),
        ("ForQuestionAnswering", "question-answering"),
        ("ForMultipleChoice", "multiple-choice"),
        ("ForCTC", "automatic-speech-recognition"),
        ("ForSpeechSeq2Seq", "automatic-speech-recognition"),
        ("ForAudioClassification", "audio-classification"),
        ("ForAudioFrameClassification", "audio-classification"),
        ("ForXVector", "audio-classification"),
        ("ForImageClassification", "image-classification"),
        ("ForImageClassificationWithTeacher", "image-classification"),
        ("ForObjectDetection", "object-detection"),
        ("ForSemanticSegmentation", "image-segmentation"),
        ("ForUniversalSegmentation", "image-segmentation"),
        ("ForInstanceSegmentation", "image-segmentation"),
        ("ForSegmentation", "image-segmentation"),
        ("ForDepthEstimation", "depth-estimation"),
        ("ForVideoClassification", "video-classification"),
        ("ForTextToSpeech", "text-to-audio"),
        ("ForSpeechToText", "automatic-speech-recognition"),
        ("ForVisualQuestionAnswering", "visual-question-answering"),
        ("ForDocumentQuestionAnswering", "document-question-answering"),
        ("ForImageTextToText", "image-text-to-text"),
        ("ForVision2Seq", "image-text-to-text"),
        ("MTModel", "translation"),
        ("ForMaskGeneration", "mask-generation"),
        ("ForTextEncoding", "feature-extraction"),
    ];

    private static readonly Dictionary<string, string> WholeNames = new(StringComparer.Ordinal)
    {
        ["EncoderDecoderModel"] = "text2text-generation",
        ["VisionEncoderDecoderModel"] = "image-to-text",
        ["SpeechEncoderDecoderModel"] = "automatic-speech-recognition",
        ["CLIPModel"] = "zero-shot-image-classification",
        ["SiglipModel"] = "zero-shot-image-classification",
        ["AlignModel"] = "zero-shot-image-classification",
        ["ClapModel"] = "zero-shot-audio-classification",
        ["SamModel"] = "mask-generation",
        ["VitsModel"] = "text-to-audio",
        ["BarkModel"] = "text-to-audio",
        ["UNet2DConditionModel"] = "text-to-image",
        ["AutoencoderKL"] = "text-to-image",
    };

    /// <summary>The Hub pipeline task a head class implies, or null for a bare backbone or an unknown class.</summary>
    public static string? TaskFor(string? headClass, Modality modality, string? modelType = null)
    {
        if (string.IsNullOrEmpty(headClass))
        {
            return null;
        }

        if (WholeNames.TryGetValue(headClass, out var whole))
        {
            return whole;
        }

        if (headClass.EndsWith("ForConditionalGeneration", StringComparison.Ordinal) || headClass.EndsWith("ForSeq2SeqLM", StringComparison.Ordinal))
        {
            return modality switch
            {
                Modality.Audio => "automatic-speech-recognition",
                Modality.Multimodal or Modality.Vision => "image-text-to-text",
                _ when modelType is "marian" or "m2m_100" or "nllb" or "fsmt" => "translation",
                _ when modelType is "pegasus" or "bigbird_pegasus" or "led" => "summarization",
                _ => "text2text-generation",
            };
        }

        if (headClass.EndsWith("ForSequenceClassification", StringComparison.Ordinal) && modality == Modality.Audio)
        {
            return "audio-classification";
        }

        foreach (var (suffix, task) in Suffixes)
        {
            if (headClass.EndsWith(suffix, StringComparison.Ordinal))
            {
                return task;
            }
        }

        // A bare backbone (BertModel, LlamaModel): features, not a task head.
        if (headClass.EndsWith("Model", StringComparison.Ordinal))
        {
            return modality == Modality.Vision ? "image-feature-extraction" : "feature-extraction";
        }

        return null;
    }

    /// <summary>True when the class is a bare backbone without a task head.</summary>
    public static bool IsBackbone(string? headClass) =>
        headClass is not null && headClass.EndsWith("Model", StringComparison.Ordinal) && !WholeNames.ContainsKey(headClass)
        && !Suffixes.Any(s => headClass.EndsWith(s.Suffix, StringComparison.Ordinal));
}

/// <summary>What kind of data a model takes in.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Modality>))]
public enum Modality
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("unknown")]
    Unknown,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("text")]
    Text,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("vision")]
    Vision,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("audio")]
    Audio,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("multimodal")]
    Multimodal,
}
