using CsCheck;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Tests.Checks;

public sealed class NameCheckerTests
{
    private static readonly NameChecker Checker = NameChecker.Default;

    private static ModelFacts Model(string modelType, string head, long? parameters = null, long? layers = null, long? hidden = null, long? heads = null) => new()
    {
        ModelType = modelType,
        Architectures = [head],
        HeadClass = head,
        ImpliedTask = HeadClassTasks.TaskFor(head, Modality.Text, modelType),
        Modality = Modality.Text,
        Parameters = parameters,
        ParameterSource = parameters is null ? null : "safetensors",
        Blocks = layers,
        HiddenSize = hidden,
        Heads = heads,
        Evidence = new Dictionary<string, string> { ["model_type"] = "config.json: model_type" },
    };

    private static IEnumerable<Finding> Of(CheckResult result, string code) => result.Findings.Where(f => f.Code == code);

    [Fact]
    public void A_distilbert_named_bert_is_misnamed_with_the_config_as_evidence()
    {
        var result = Checker.Check("acme/bert-base-uncased", Model("distilbert", "DistilBertForMaskedLM", 66_000_000, 6, 768, 12));

        var finding = Assert.Single(Of(result, FindingCodes.ArchitectureMismatch));
        Assert.Equal(Verdict.Misnamed, result.Verdict);
        Assert.Equal((Severity.Error, "A", "bert", "config.json: model_type"), (finding.Severity, finding.Element, finding.Claimed, finding.Evidence));
        Assert.Equal("distilbert (DistilBertForMaskedLM)", finding.Observed);
        Assert.Equal("acme/distilbert-base-uncased", result.SuggestedName);
    }

    [Theory]
    [InlineData("someone/roberta-base-french", "camembert", "CamembertForMaskedLM")]
    [InlineData("someone/hubert-large-ll60k", "wav2vec2", "Wav2Vec2ForCTC")]
    [InlineData("someone/all-MiniLM-L6-v2", "bert", "BertModel")]
    [InlineData("someone/bge-m3", "xlm-roberta", "XLMRobertaModel")]
    [InlineData("darrel2411/COMP4537-T5PRJ-RESNET-50", "resnet", "ResNetForImageClassification")]
    [InlineData("someone/falcon-40b", "RefinedWeb", "RWForCausalLM")]
    [InlineData("deepseek-ai/DeepSeek-R1", "deepseek_v3", "DeepseekV3ForCausalLM")]
    [InlineData("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "qwen2", "Qwen2ForCausalLM")]
    [InlineData("deepseek-ai/DeepSeek-Coder-V2-Lite-Instruct", "deepseek_v2", "DeepseekV2ForCausalLM")]
    [InlineData("deepseek-ai/deepseek-coder-33b-instruct", "llama", "LlamaForCausalLM")]
    [InlineData("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4", "Llama4ForConditionalGeneration")]
    [InlineData("Nexusflow/NexusRaven-V2-13B", "llama", "LlamaForCausalLM")]
    [InlineData("distil-whisper/distil-large-v3", "whisper", "WhisperForConditionalGeneration")]
    [InlineData("google/madlad400-3b-mt", "t5", "T5ForConditionalGeneration")]
    [InlineData("ibm-granite/granite-embedding-278m-multilingual", "xlm-roberta", "XLMRobertaModel")]
    [InlineData("ibm-granite/granite-timeseries-ttm-r2", "tinytimemixer", "TinyTimeMixerForPrediction")]
    [InlineData("BAAI/bge-reranker-large", "xlm-roberta", "XLMRobertaForSequenceClassification")]
    [InlineData("WizardLMTeam/WizardCoder-Python-34B-V1.0", "llama", "LlamaForCausalLM")]
    public void Twins_embedders_and_ambiguous_tokens_do_not_raise_an_architecture_mismatch(string name, string modelType, string head)
    {
        var result = Checker.Check(name, Model(modelType, head));

        Assert.Empty(Of(result, FindingCodes.ArchitectureMismatch));
    }

    [Theory]
    [InlineData("Qwen/Qwen3-235B-A22B", "qwen3_moe", "Qwen3MoeForCausalLM")]
    [InlineData("Qwen/Qwen2.5-VL-72B-Instruct", "qwen2_5_vl", "Qwen2_5_VLForConditionalGeneration")]
    [InlineData("meta-llama/Llama-3.2-11B-Vision-Instruct", "mllama", "MllamaForConditionalGeneration")]
    [InlineData("microsoft/Phi-3.5-MoE-instruct", "phimoe", "PhiMoEForCausalLM")]
    [InlineData("google/gemma-3n-E4B-it", "gemma3n", "Gemma3nForConditionalGeneration")]
    [InlineData("google/gemma-3-1b-it", "gemma3_text", "Gemma3ForCausalLM")]
    [InlineData("mistralai/Mistral-Small-3.2-24B-Instruct-2506", "mistral3", "Mistral3ForConditionalGeneration")]
    [InlineData("allenai/OLMo-2-1124-7B-Instruct", "olmo2", "Olmo2ForCausalLM")]
    [InlineData("ibm-granite/granite-4.0-tiny-preview", "granitemoehybrid", "GraniteMoeHybridForCausalLM")]
    [InlineData("zai-org/GLM-4.5-Air", "glm4_moe", "Glm4MoeForCausalLM")]
    [InlineData("HuggingFaceTB/SmolLM3-3B", "smollm3", "SmolLM3ForCausalLM")]
    [InlineData("baidu/ERNIE-4.5-0.3B-PT", "ernie4_5", "Ernie4_5ForCausalLM")]
    [InlineData("nvidia/Llama-3_3-Nemotron-Super-49B-v1", "nemotron-nas", "DeciLMForCausalLM")]
    [InlineData("MiniMaxAI/MiniMax-M1-80k", "minimax_m1", "MiniMaxM1ForCausalLM")]
    [InlineData("facebook/seamless-m4t-v2-large", "seamless_m4t_v2", "SeamlessM4Tv2Model")]
    [InlineData("facebook/sam2-hiera-large", "sam2", "Sam2Model")]
    [InlineData("tiiuae/falcon-mamba-7b", "falcon_mamba", "FalconMambaForCausalLM")]
    [InlineData("tiiuae/Falcon3-7B-Instruct", "llama", "LlamaForCausalLM")]
    [InlineData("RWKV/rwkv-6-world-7b", "rwkv6", "Rwkv6ForCausalLM")]
    [InlineData("google/t5gemma-2b-2b-ul2", "t5gemma", "T5GemmaForConditionalGeneration")]
    [InlineData("answerdotai/ModernBERT-base", "modernbert", "ModernBertForMaskedLM")]
    [InlineData("THUDM/cogvlm2-llama3-chat-19B", "cogvlm2", "CogVLMForCausalLM")]
    [InlineData("CohereForAI/aya-23-8B", "cohere", "CohereForCausalLM")]
    [InlineData("Alibaba-NLP/gte-multilingual-base", "new", "NewModel")]
    public void Later_releases_of_a_family_agree_with_the_familys_name(string name, string modelType, string head)
    {
        var result = Checker.Check(name, Model(modelType, head));

        Assert.Empty(Of(result, FindingCodes.ArchitectureMismatch));
        Assert.NotEqual(Verdict.Misnamed, result.Verdict);
    }

    [Theory]
    [InlineData("llama5", false)]
    [InlineData("llama5_moe", false)]
    [InlineData("falcon5", true)]
    [InlineData("acme_lm", true)]
    public void A_model_type_newer_than_the_vocabulary_agrees_only_when_it_extends_the_names_architecture(string modelType, bool mismatch)
    {
        var result = Checker.Check("acme/llama-9b", Model(modelType, "AcmeForCausalLM"));

        Assert.Equal(mismatch, Of(result, FindingCodes.ArchitectureMismatch).Any());
    }

    [Theory]
    [InlineData("Qwen/Qwen2.5-1.5B-Base", "qwen2", "Qwen2ForCausalLM", 1_540_000_000L, 28L, 1536L, 12L)]
    [InlineData("distilbert/distilroberta-base", "roberta", "RobertaForMaskedLM", 82_000_000L, 6L, 768L, 12L)]
    [InlineData("Gryphe/MythoMax-L2-13b", "llama", "LlamaForCausalLM", 13_000_000_000L, 40L, 5120L, 40L)]
    [InlineData("Sao10K/L3-8B-Stheno-v3.2", "llama", "LlamaForCausalLM", 8_000_000_000L, 32L, 4096L, 32L)]
    public void Base_on_a_model_sized_by_parameters_or_distilled_and_llama_generations_are_no_size_claims(
        string name, string modelType, string head, long parameters, long layers, long hidden, long heads)
    {
        var result = Checker.Check(name, Model(modelType, head, parameters, layers, hidden, heads));

        Assert.Empty(Of(result, FindingCodes.SizeMismatch));
    }

    [Theory]
    [InlineData("microsoft/Phi-3-medium-4k-instruct", "phi3", "Phi3ForCausalLM", 32L, 3072L, 32L)]
    [InlineData("facebook/sam-vit-base", "sam", "SamModel", 32L, 1280L, 16L)]
    [InlineData("mistralai/Mistral-Large-Instruct-2407", "mistral", "MistralForCausalLM", 40L, 5120L, 32L)]
    public void Size_words_of_phi3_sam_and_mistral_are_held_against_their_reference_shapes(
        string name, string modelType, string head, long layers, long hidden, long heads)
    {
        var result = Checker.Check(name, Model(modelType, head, null, layers, hidden, heads));

        Assert.Single(Of(result, FindingCodes.SizeMismatch), f => f.Element == "S");
    }

    [Fact]
    public void Two_layers_in_a_small_models_name_are_still_checked()
    {
        var result = Checker.Check("acme/bert-L2-H128", Model("bert", "BertModel", 4_000_000, 4, 128, 2));

        Assert.Single(Of(result, FindingCodes.SizeMismatch), f => f.Element == "N");
    }

    [Theory]
    [InlineData("nateraw/vit-age-classifier", "ImageClassification")]
    [InlineData("papluca/xlm-roberta-base-language-detection", "SequenceClassification")]
    [InlineData("facebook/detr-resnet-50-detector", "ObjectDetection")]
    [InlineData("patrickvonplaten/wav2vec2-base-100h-with-lm", "CTC")]
    [InlineData("Griffin-McCauley/lodestone-base-4096-text-v1", "SequenceClassification")]
    public void A_word_for_a_kind_of_task_agrees_with_any_head_of_that_kind(string name, string head)
    {
        var (modelType, headClass, modality) = head switch
        {
            "ImageClassification" => ("vit", "ViTForImageClassification", Modality.Vision),
            "SequenceClassification" => ("xlm-roberta", "XLMRobertaForSequenceClassification", Modality.Text),
            "ObjectDetection" => ("detr", "DetrForObjectDetection", Modality.Vision),
            _ => ("wav2vec2", "Wav2Vec2ForCTC", Modality.Audio),
        };
        var facts = Model(modelType, headClass) with { Modality = modality, ImpliedTask = HeadClassTasks.TaskFor(headClass, modality, modelType) };

        var result = Checker.Check(name, facts);

        Assert.NotNull(facts.ImpliedTask);
        Assert.Empty(Of(result, FindingCodes.TaskMismatch));
    }

    [Theory]
    [InlineData("BAAI/bge-reranker-large", "xlm-roberta", "XLMRobertaForSequenceClassification", Modality.Text)]
    [InlineData("cross-encoder/ms-marco-MiniLM-L-6-v2", "bert", "BertForSequenceClassification", Modality.Text)]
    [InlineData("Qwen/Qwen3-Reranker-0.6B", "qwen3", "Qwen3ForCausalLM", Modality.Text)]
    [InlineData("Qwen/Qwen3-Embedding-0.6B", "qwen3", "Qwen3ForCausalLM", Modality.Text)]
    [InlineData("apple/DFN5B-CLIP-ViT-H-14", "clip", "CLIPModel", Modality.Multimodal)]
    [InlineData("timm/vit_base_patch16_clip_224.laion2b_ft_in1k", "clip", "CLIPModel", Modality.Multimodal)]
    [InlineData("facebook/timesformer-base-finetuned-k400", "timesformer", "TimesformerForVideoClassification", Modality.Vision)]
    [InlineData("Qwen/Qwen2-Audio-7B-Instruct", "qwen2_audio", "Qwen2AudioForConditionalGeneration", Modality.Audio)]
    public void Rankers_embedders_and_pretraining_data_agree_with_the_heads_they_are_published_with(string name, string modelType, string head, Modality modality)
    {
        var facts = Model(modelType, head) with { Modality = modality, ImpliedTask = HeadClassTasks.TaskFor(head, modality, modelType) };

        var result = Checker.Check(name, facts);

        Assert.NotNull(facts.ImpliedTask);
        Assert.Empty(Of(result, FindingCodes.TaskMismatch));
    }

    [Theory]
    [InlineData("LIAMF-USP/roberta-large-finetuned-race", "roberta", "RobertaForMultipleChoice", Modality.Text)]
    [InlineData("lvwerra/gpt2-imdb", "gpt2", "GPT2LMHeadModel", Modality.Text)]
    [InlineData("Vamsi/T5_Paraphrase_Paws", "t5", "T5ForConditionalGeneration", Modality.Text)]
    [InlineData("mrm8488/t5-base-finetuned-question-generation-ap", "t5", "T5ForConditionalGeneration", Modality.Text)]
    [InlineData("MIT/ast-finetuned-audioset-10-10-0.4593", "audio-spectrogram-transformer", "ASTForAudioClassification", Modality.Audio)]
    [InlineData("ehcalabres/wav2vec2-lg-xlsr-en-speech-emotion-recognition", "wav2vec2", "Wav2Vec2ForSequenceClassification", Modality.Audio)]
    [InlineData("superb/hubert-large-superb-er", "hubert", "HubertForSequenceClassification", Modality.Audio)]
    [InlineData("microsoft/speecht5_tts_libritts", "speecht5", "SpeechT5ForTextToSpeech", Modality.Audio)]
    public void A_dataset_implies_only_the_task_of_its_own_kind(string name, string modelType, string head, Modality modality)
    {
        var facts = Model(modelType, head) with { Modality = modality, ImpliedTask = HeadClassTasks.TaskFor(head, modality, modelType) };

        var result = Checker.Check(name, facts);

        Assert.NotNull(facts.ImpliedTask);
        Assert.Empty(Of(result, FindingCodes.TaskMismatch));
    }

    [Fact]
    public void A_classifier_named_on_a_text_generator_is_still_a_task_mismatch()
    {
        var result = Checker.Check("acme/llama-7b-classifier", Model("llama", "LlamaForCausalLM", 7_000_000_000, 32, 4096, 32));

        Assert.Single(Of(result, FindingCodes.TaskMismatch));
    }

    [Fact]
    public void A_quantization_types_underscores_are_kept_under_a_dash_policy()
    {
        var result = Checker.Check("TheBloke/Llama-2-7b-chat-Q4_K_M", Model("llama", "LlamaForCausalLM", 6_740_000_000, 32, 4096, 32));

        Assert.Empty(Of(result, FindingCodes.Convention));
        Assert.Equal("TheBloke/Llama-2-7b-chat-Q4_K_M", result.SuggestedName);
    }

    [Theory]
    [InlineData("nb", "no")]
    [InlineData("norwegian", "nb")]
    [InlineData("nn", "no")]
    public void Norwegian_bokmal_and_nynorsk_agree_with_norwegian(string named, string card)
    {
        var facts = Model("llama", "LlamaForCausalLM") with { CardLanguages = [card] };

        var result = Checker.Check($"acme/Llama-2-13b-{named}", facts);
        var other = Checker.Check($"acme/Llama-2-13b-{named}", facts with { CardLanguages = ["sv"] });

        Assert.Empty(Of(result, FindingCodes.LanguageMismatch));
        Assert.Single(Of(other, FindingCodes.LanguageMismatch));
    }

    [Theory]
    [InlineData("x/distilbert-base-english", "x/distilbert-base-italian")]
    [InlineData("x/distilbert-base-en", "x/distilbert-base-it")]
    public void A_suggested_language_is_spelled_as_the_name_spelled_its_own(string name, string suggested)
    {
        var facts = Model("distilbert", "DistilBertForMaskedLM", 66_000_000, 6, 768, 12) with { CardLanguages = ["it"] };

        var result = Checker.Check(name, facts);

        Assert.Single(Of(result, FindingCodes.LanguageMismatch));
        Assert.Equal(suggested, result.SuggestedName);
    }

    [Fact]
    public void A_replaced_word_stays_apart_from_the_word_it_was_glued_to()
    {
        var result = Checker.Check("acme/RUTERGPT13B", Model("llama", "LlamaForCausalLM", 13_000_000_000, 40, 5120, 40));

        Assert.Single(Of(result, FindingCodes.ArchitectureMismatch));
        Assert.Equal("acme/RUTER-LLAMA-13B", result.SuggestedName);
    }

    [Fact]
    public void A_historic_model_type_is_noted_not_held_against_the_name()
    {
        var result = Checker.Check("someone/falcon-40b", Model("RefinedWeb", "RWForCausalLM"));

        var legacy = Assert.Single(Of(result, FindingCodes.LegacyModelType));
        Assert.Equal(Severity.Info, legacy.Severity);
        Assert.Equal(Verdict.Ok, result.Verdict);
        Assert.Equal(100, result.Score);
    }

    [Fact]
    public void An_e5_name_on_an_xlm_roberta_large_is_both_the_wrong_family_and_the_wrong_size()
    {
        var result = Checker.Check("rdion044/e5-small", Model("xlm-roberta", "XLMRobertaModel", 560_000_000, 24, 1024, 16));

        Assert.Single(Of(result, FindingCodes.ArchitectureMismatch));
        var size = Assert.Single(Of(result, FindingCodes.SizeMismatch));
        Assert.Equal((Severity.Error, "small"), (size.Severity, size.Claimed));
        Assert.StartsWith("large", size.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_that_also_spells_the_models_own_type_claims_no_other_architecture()
    {
        var result = Checker.Check("your1name/clone-envit5", Model("t5", "T5ForConditionalGeneration"));

        Assert.Empty(Of(result, FindingCodes.ArchitectureMismatch));
        Assert.Equal("your1name/clone-envit5", result.SuggestedName);
    }

    [Fact]
    public void An_architecture_found_inside_a_longer_word_is_only_a_warning()
    {
        var result = Checker.Check("Bwin-AI/LiverGPT", Model("qwen2", "Qwen2ForCausalLM"));

        var finding = Assert.Single(Of(result, FindingCodes.ArchitectureMismatch));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Theory]
    [InlineData("Bwin-AI/LiverGPT", "qwen2", "Qwen2ForCausalLM", "Bwin-AI/Liver-Qwen2")]
    [InlineData("acme/lawgpt-chat", "llama", "LlamaForCausalLM", "acme/law-llama-chat")]
    [InlineData("acme/distilbert-base", "bert", "BertModel", "acme/bert-base")]
    public void The_authors_word_glued_to_a_wrong_architecture_stays_in_the_suggestion(string name, string modelType, string head, string suggested)
    {
        var result = Checker.Check(name, Model(modelType, head));

        Assert.Single(Of(result, FindingCodes.ArchitectureMismatch));
        Assert.Equal(suggested, result.SuggestedName);
    }

    [Theory]
    [InlineData("acme/falcon-2-chat", "acme/qwen2-chat")]
    [InlineData("acme/MiniCPM-V-2.6-rkllm", "acme/Qwen2-rkllm")]
    [InlineData("acme/mistral-v2-chat", "acme/qwen2-v2-chat")]
    public void A_wrong_architectures_generation_number_goes_with_it_and_a_v_version_stays(string name, string suggested)
    {
        var result = Checker.Check(name, Model("qwen2", "Qwen2ForCausalLM"));

        Assert.Single(Of(result, FindingCodes.ArchitectureMismatch));
        Assert.Equal(suggested, result.SuggestedName);
    }

    [Fact]
    public void Components_of_an_encoder_decoder_count_as_the_model()
    {
        var facts = Model("vision-encoder-decoder", "VisionEncoderDecoderModel") with { ComponentModelTypes = ["vit", "gpt2"] };

        var result = Checker.Check("nlpconnect/vit-gpt2-image-captioning", facts);

        Assert.Empty(Of(result, FindingCodes.ArchitectureMismatch));
    }

    [Fact]
    public void A_gguf_written_as_llama_may_carry_a_mistral_name()
    {
        var facts = Model("llama", "LlamaForCausalLM") with { ParameterSource = "gguf", GgufArchitecture = "llama", Parameters = 7_240_000_000 };

        var result = Checker.Check("TheBloke/Mistral-7B-Instruct-v0.2-GGUF", facts);

        Assert.Empty(Of(result, FindingCodes.ArchitectureMismatch));
    }

    [Fact]
    public void Without_a_model_type_the_architecture_check_says_why_it_skipped()
    {
        var result = Checker.Check("someone/bert-base", new ModelFacts());

        Assert.Contains(result.Skipped, s => s.StartsWith(FindingCodes.ArchitectureMismatch, StringComparison.Ordinal));
        Assert.Equal(Verdict.Ok, result.Verdict);
    }

    [Theory]
    [InlineData("someone/TinyLlama-7b", 1_100_000_000, Severity.Error, "someone/TinyLlama-1.1b")]
    [InlineData("someone/opt-6.7b-erebus", 12_850_000_000, Severity.Error, "someone/opt-13b-erebus")]
    [InlineData("someone/llama65B", 34_000_000_000, Severity.Error, "someone/llama34B")]
    [InlineData("someone/llama65B", 40_000_000_000, Severity.Warning, "someone/llama40B")]
    [InlineData("TheBloke/Llama-2-13B-chat-GGUF", 6_738_415_616, Severity.Error, "TheBloke/Llama-2-6.7B-chat-GGUF")]
    [InlineData("someone/Llama-2-7b-chat", 13_015_864_320, Severity.Error, "someone/Llama-2-13b-chat")]
    public void A_parameter_count_the_weights_contradict_is_a_size_mismatch(string name, long parameters, Severity severity, string suggested)
    {
        var result = Checker.Check(name, Model("llama", "LlamaForCausalLM", parameters) with { ModelType = name.Contains("opt", StringComparison.Ordinal) ? "opt" : "llama" });

        var finding = Assert.Single(Of(result, FindingCodes.SizeMismatch));
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(suggested, result.SuggestedName);
    }

    [Theory]
    [InlineData("meta-llama/Llama-2-7b-hf", 6_738_415_616L)]
    [InlineData("mistralai/Mixtral-8x7B-v0.1", 46_702_792_704L)]
    [InlineData("google/gemma-7b", 8_540_000_000L)]
    public void Rounded_parameter_counts_in_names_agree(string name, long parameters)
    {
        var result = Checker.Check(name, Model(name.Contains("Mixtral", StringComparison.Ordinal) ? "mixtral" : name.Contains("gemma", StringComparison.Ordinal) ? "gemma" : "llama", "LlamaForCausalLM", parameters));

        Assert.Empty(Of(result, FindingCodes.SizeMismatch));
    }

    [Fact]
    public void A_size_word_is_compared_with_the_familys_reference_shapes()
    {
        var large = Model("bert", "BertForMaskedLM", 335_000_000, 24, 1024, 16);

        var wrong = Checker.Check("acme/bert-base-cased", large);
        var right = Checker.Check("acme/bert-large-cased", large);

        var finding = Assert.Single(Of(wrong, FindingCodes.SizeMismatch));
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("acme/bert-large-cased", wrong.SuggestedName);
        Assert.Empty(Of(right, FindingCodes.SizeMismatch));
    }

    [Fact]
    public void A_generic_small_on_tens_of_billions_is_only_suspicious()
    {
        var result = Checker.Check("fetchwiki/mistralai-Devstral-Small-2507", Model("mistral", "MistralForCausalLM", 23_600_000_000, 40, 5120, 32));

        Assert.Equal(Verdict.Suspicious, result.Verdict);
        Assert.Equal(Severity.Warning, Assert.Single(Of(result, FindingCodes.SizeMismatch)).Severity);
    }

    [Theory]
    [InlineData("google/bert_uncased_L-12_H-768_A-12", 12, 768, 12, false)]
    [InlineData("google/bert_uncased_L-4_H-256_A-4", 12, 768, 12, true)]
    public void Layer_and_head_counts_in_names_are_checked(string name, long layers, long hidden, long heads, bool mismatch)
    {
        var result = Checker.Check(name, Model("bert", "BertModel", null, layers, hidden, heads));

        Assert.Equal(mismatch, Of(result, FindingCodes.SizeMismatch).Any());
    }

    [Fact]
    public void A_bare_flagship_name_on_a_small_model_asks_for_the_size()
    {
        var result = Checker.Check("Wei-JL/bloom", Model("bloom", "BloomForCausalLM", 559_000_000, 24, 1024, 16));

        var finding = Assert.Single(Of(result, FindingCodes.SizeMismatch));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("Wei-JL/bloom-560m", result.SuggestedName);
    }

    [Fact]
    public void A_base_models_name_on_a_classifier_is_a_task_mismatch()
    {
        var facts = Model("gpt_neox", "GPTNeoXForSequenceClassification", 405_000_000) with { Labels = ["NEGATIVE", "POSITIVE"] };

        var result = Checker.Check("AventIQ-AI/pythia-410m", facts);

        var finding = Assert.Single(Of(result, FindingCodes.TaskMismatch));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("AventIQ-AI/pythia-410m-sentiment", result.SuggestedName);
    }

    [Theory]
    [InlineData("dslim/bert-base-NER", "BertForSequenceClassification", true)]
    [InlineData("dslim/bert-base-NER", "BertForTokenClassification", false)]
    [InlineData("deepset/roberta-base-squad2", "RobertaForQuestionAnswering", false)]
    [InlineData("deepset/roberta-base-squad2", "RobertaForSequenceClassification", true)]
    [InlineData("someone/t5-small-finetuned-xsum", "T5ForConditionalGeneration", false)]
    [InlineData("someone/bert-base-sentiment", "BertModel", false)]
    public void A_stated_task_is_compared_with_the_head(string name, string head, bool mismatch)
    {
        var result = Checker.Check(name, Model(name.Contains("t5", StringComparison.Ordinal) ? "t5" : "bert", head));

        Assert.Equal(mismatch, Of(result, FindingCodes.TaskMismatch).Any(f => f.Severity == Severity.Error));
    }

    [Fact]
    public void A_task_the_card_contradicts_is_suspicious()
    {
        var facts = Model("bert", "BertModel") with { CardPipelineTag = "text-classification" };

        var result = Checker.Check("someone/bert-base-ner", facts);

        Assert.Equal(Severity.Warning, Assert.Single(Of(result, FindingCodes.TaskMismatch)).Severity);
    }

    [Theory]
    [InlineData("someone/llama-7b-fp16", "F32", null, true)]
    [InlineData("someone/llama-7b-bf16", "BF16", null, false)]
    [InlineData("TheBloke/Llama-2-13B-GPTQ", "I32", "gptq-4bit", false)]
    [InlineData("someone/llama-13b-awq", "I32", "gptq-4bit", true)]
    [InlineData("someone/llama-8b-Q4_K_M", null, "Q5_K_M", true)]
    [InlineData("unsloth/llama-3-8b-bnb-4bit", "U8", "bitsandbytes-4bit", false)]
    [InlineData("someone/llama-8b-q4", null, "q4_k_m", false)]
    [InlineData("someone/llama-8b-q4", null, "q5_k_m", true)]
    [InlineData("someone/llama-8b-q6k", null, "q6_k", false)]
    [InlineData("someone/llama-8b-q6k", null, "q4_k_m", true)]
    [InlineData("someone/llama-8b-q4", null, "gptq-4bit", false)]
    [InlineData("someone/llama-8b-q8_0", null, "gptq-4bit", true)]
    [InlineData("someone/llama-8b-4.0bpw-h6-exl2", null, "exl2", false)]
    public void Precision_words_are_compared_with_dtypes_and_quantization(string name, string? precision, string? quantization, bool mismatch)
    {
        var facts = Model("llama", "LlamaForCausalLM") with
        {
            Precision = precision,
            Quantization = quantization,
            Formats = ["safetensors"],
            ParametersByDType = precision is null ? new Dictionary<string, long>() : new Dictionary<string, long> { [precision] = 1000 },
        };

        var result = Checker.Check(name, facts);

        Assert.Equal(mismatch, Of(result, FindingCodes.PrecisionMismatch).Any());
    }


    [Theory]
    [InlineData("TheBloke/Mistral-7B-Instruct-v0.2-GPTQ", "llama", "q5_k_m", "TheBloke/Mistral-7B-Instruct-v0.2-Q5_K_M")]
    [InlineData("bartowski/Qwen2.5-7B-Instruct-Q4_K_M-GGUF", "qwen2", "q8_0", "bartowski/Qwen2.5-7B-Instruct-Q8_0-GGUF")]
    public void A_suggested_gguf_quantization_keeps_llama_cpps_spelling(string name, string architecture, string quantization, string suggested)
    {
        var facts = Model(architecture, "AnyForCausalLM") with { Quantization = quantization, Formats = ["gguf"], ParameterSource = "gguf", GgufArchitecture = architecture };

        var result = Checker.Check(name, facts);

        Assert.Single(Of(result, FindingCodes.PrecisionMismatch));
        Assert.Equal(suggested, result.SuggestedName);
    }

    [Theory]
    [InlineData("google/gemma-3n-E4B-it", "gemma3n", 7_850_000_000L)]
    [InlineData("google/siglip-so400m-patch14-384", "siglip", 878_000_000L)]
    public void Effective_parameters_and_tower_shapes_are_no_size_claim(string name, string modelType, long parameters)
    {
        var result = Checker.Check(name, Model(modelType, "AnyModel", parameters));

        Assert.Empty(Of(result, FindingCodes.SizeMismatch));
        Assert.Null(result.Elements.Parameters);
    }
    [Theory]
    [InlineData("x/Llama-2-7b-chat-AWQ-4bit", "F32", "x/Llama-2-7b-chat")]
    [InlineData("x/Llama-2-7b-chat-bnb-4bit", "F32", "x/Llama-2-7b-chat")]
    [InlineData("x/Llama-2-7b-chat-fp16", "F32", "x/Llama-2-7b-chat-fp32")]
    public void A_suggestion_drops_quantization_a_full_precision_model_lacks_and_names_its_dtype_once(string name, string precision, string suggested)
    {
        var facts = Model("llama", "LlamaForCausalLM", 6_740_000_000, 32, 4096, 32) with
        {
            Precision = precision,
            Formats = ["safetensors"],
            ParametersByDType = new Dictionary<string, long> { [precision] = 6_740_000_000 },
        };

        var result = Checker.Check(name, facts);

        Assert.NotEmpty(Of(result, FindingCodes.PrecisionMismatch));
        Assert.Equal(suggested, result.SuggestedName);
    }

    [Fact]
    public void Mistral_nemo_is_a_model_name_not_the_nemo_format()
    {
        var facts = Model("mistral", "MistralForCausalLM", 12_200_000_000, 40, 5120, 32) with { Formats = ["safetensors"], Precision = "BF16" };

        var result = Checker.Check("mistralai/Mistral-Nemo-Instruct-2407", facts);

        Assert.Empty(Of(result, FindingCodes.PrecisionMismatch));
        Assert.Empty(Of(result, FindingCodes.ArchitectureMismatch));
    }

    [Fact]
    public void A_format_word_needs_files_of_that_format()
    {
        var facts = Model("llama", "LlamaForCausalLM") with { Formats = ["safetensors"], Precision = "F16" };

        var result = Checker.Check("someone/llama-7b-gguf", facts);

        var finding = Assert.Single(Of(result, FindingCodes.PrecisionMismatch));
        Assert.Equal(("W", "safetensors"), (finding.Element, finding.Observed));
    }

    [Theory]
    [InlineData("someone/bert-base-english", new[] { "zh" }, Severity.Error)]
    [InlineData("someone/bert-base-english", new[] { "en", "fr" }, null)]
    [InlineData("someone/bert-base-german", new[] { "en", "fr" }, Severity.Warning)]
    [InlineData("someone/bert-base-english", new[] { "multilingual" }, null)]
    [InlineData("someone/bert-base-english", new[] { "English" }, null)]
    public void Languages_in_the_name_are_compared_with_the_card(string name, string[] card, Severity? expected)
    {
        var result = Checker.Check(name, Model("bert", "BertForMaskedLM") with { CardLanguages = card });

        Assert.Equal(expected, Of(result, FindingCodes.LanguageMismatch).Select(f => (Severity?)f.Severity).FirstOrDefault());
    }

    [Fact]
    public void A_name_of_another_family_than_the_cards_base_model_is_suspicious()
    {
        var result = Checker.Check("someone/mistral-7b-chat", Model("llama", "LlamaForCausalLM") with { CardBaseModels = ["meta-llama/Llama-2-7b-hf"] });

        Assert.Single(Of(result, FindingCodes.BaseModelMismatch));
    }

    [Theory]
    [InlineData("SaulLu/test-model")]
    [InlineData("someone/autotrain-deephate2-1093539673")]
    public void Names_that_say_neither_architecture_nor_task_are_uninformative(string name)
    {
        var result = Checker.Check(name, Model("bert", "BertForSequenceClassification"));

        Assert.Single(Of(result, FindingCodes.UninformativeName));
        Assert.StartsWith(name.Split('/')[0] + "/BERT", result.SuggestedName, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("sasha/autotrain-roberta-base-imdb-1275248775", "sasha/roberta-base-imdb-classifier")]
    [InlineData("anwesham/autotrain-imdb-sentiment-analysis-864927559", "anwesham/roberta-imdb-sentiment-analysis")]
    [InlineData("severo/autonlp-sentiment_detection-1781580", "severo/roberta-sentiment-detection")]
    [InlineData("sbrandeis/autonlp-emotion-clf", "sbrandeis/roberta-emotion-clf")]
    public void A_generated_name_is_uninformative_and_its_suggestion_drops_the_service_and_job_number(string name, string suggested)
    {
        var result = Checker.Check(name, Model("roberta", "RobertaForSequenceClassification"));

        var finding = Assert.Single(Of(result, FindingCodes.UninformativeName));
        Assert.Contains("generated", finding.Message, StringComparison.Ordinal);
        Assert.Equal(suggested, result.SuggestedName);
    }

    [Theory]
    [InlineData("yaakov/test-distilbert-to-cola")]
    [InlineData("MarkusHeimerl/my_awesome_qa_model")]
    [InlineData("aXhyra/demo_sentiment_42")]
    [InlineData("someone/test3")]
    public void A_placeholder_name_is_uninformative_whatever_it_holds(string name)
    {
        var result = Checker.Check(name, Model("distilbert", "DistilBertForSequenceClassification"));

        Assert.Contains("placeholder", Assert.Single(Of(result, FindingCodes.UninformativeName)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("datien228/distilbart-wikilingua-autotrain")]
    [InlineData("someone/testament-bert")]
    [InlineData("hf-internal-testing/tiny-random-bert")]
    [InlineData("someone/bert-base-test")]
    public void Words_like_a_service_or_placeholder_elsewhere_in_a_name_are_no_such_name(string name)
    {
        var result = Checker.Check(name, Model("bert", "BertForMaskedLM"));

        Assert.Empty(Of(result, FindingCodes.UninformativeName));
    }

    [Theory]
    [InlineData("acme/detrstreamlit", "detr", "DetrForObjectDetection", "acme/detrstreamlit-detector")]
    [InlineData("JayRvanDam/BERTmodelclone", "bert", "BertForTokenClassification", "JayRvanDam/BERTmodelclone-ner")]
    public void A_word_that_opens_with_the_models_own_architecture_names_it(string name, string modelType, string head, string suggested)
    {
        var result = Checker.Check(name, Model(modelType, head));

        Assert.Empty(Of(result, FindingCodes.UninformativeName));
        Assert.DoesNotContain(Of(result, FindingCodes.Convention), f => f.Element == "A");
        Assert.Equal(suggested, result.SuggestedName);
    }

    [Theory]
    [InlineData("acme/bertmodelclone", "llama", "LlamaForCausalLM")]
    [InlineData("acme/T5PRJ", "t5", "T5ForConditionalGeneration")]
    public void A_word_that_opens_with_another_family_or_a_two_letter_alias_names_nothing(string name, string modelType, string head)
    {
        var result = Checker.Check(name, Model(modelType, head));

        Assert.Single(Of(result, FindingCodes.UninformativeName));
    }

    [Theory]
    [InlineData("acme/SuperNova-7B", "SuperNova", "reads as a new architecture")]
    [InlineData("acme/Zephyr-7B", "Zephyr", "names a fine-tuning recipe")]
    public void A_name_whose_architecture_word_hides_a_known_base_gets_a_convention_note(string name, string brand, string message)
    {
        var result = Checker.Check(name, Model("llama", "LlamaForCausalLM", 6_740_000_000, 32, 4096, 32));

        var finding = Assert.Single(Of(result, FindingCodes.Convention), f => f.Element == "A");
        Assert.Equal((brand, "llama", Severity.Info), (finding.Claimed, finding.Observed, finding.Severity));
        Assert.Contains(message, finding.Message, StringComparison.Ordinal);
        Assert.Empty(Of(result, FindingCodes.ArchitectureMismatch));
        Assert.Equal(Verdict.Ok, result.Verdict);
        Assert.StartsWith("acme/LLaMA-", result.SuggestedName, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme/Zephyr-7B-Llama")]
    [InlineData("acme/SuperNova-llama-7b")]
    [InlineData("HuggingFaceH4/zephyr-7b-beta")]
    public void A_name_that_also_says_the_base_gets_no_such_note(string name)
    {
        var facts = name.Contains("beta", StringComparison.Ordinal) ? Model("mistral", "MistralForCausalLM") : Model("llama", "LlamaForCausalLM");

        var result = Checker.Check(name, facts);

        Assert.DoesNotContain(Of(result, FindingCodes.Convention), f => f.Element == "A");
        Assert.Empty(Of(result, FindingCodes.ArchitectureMismatch));
    }

    [Fact]
    public void A_fine_tuning_recipe_on_a_model_that_is_no_language_model_is_a_mismatch()
    {
        var result = Checker.Check("acme/dolphin-base", Model("bert", "BertForSequenceClassification"));

        Assert.Single(Of(result, FindingCodes.ArchitectureMismatch));
    }

    [Fact]
    public void The_policy_decides_convention_findings_and_moves_the_score()
    {
        var facts = Model("roberta", "RobertaForSequenceClassification");
        var strict = NamingPolicy.Default with { Severity = Severity.Warning, Lowercase = true };

        var lenient = Checker.Check("acme/Sentiment-RoBERTa_base", facts);
        var enforced = Checker.Check("acme/Sentiment-RoBERTa_base", facts, strict);

        Assert.All(Of(lenient, FindingCodes.Convention), f => Assert.Equal(Severity.Info, f.Severity));
        Assert.Equal(Verdict.Ok, lenient.Verdict);
        Assert.Equal(Verdict.Suspicious, enforced.Verdict);
        Assert.True(enforced.Score < lenient.Score, $"{enforced.Score} vs {lenient.Score}");
        Assert.Contains(Of(enforced, FindingCodes.Convention), f => f.Message.Contains("lower-case", StringComparison.Ordinal));
        Assert.Contains(Of(enforced, FindingCodes.Convention), f => f.Message.Contains("before", StringComparison.Ordinal));
        Assert.Equal("acme/roberta-base-sentiment", enforced.SuggestedName);
    }

    [Fact]
    public void The_suggested_name_leaves_out_the_words_the_policy_forbids()
    {
        var policy = NamingPolicy.Default with { ForbiddenWords = ["news", "final"] };

        var result = Checker.Check("acme/Roberta-Base-News-final", Model("roberta", "RobertaForSequenceClassification"), policy);

        Assert.Equal(2, Of(result, FindingCodes.Convention).Count(f => f.Message.Contains("does not allow", StringComparison.Ordinal)));
        Assert.DoesNotContain("news", result.SuggestedName, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("final", result.SuggestedName, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("acme/Roberta-Base", result.SuggestedName, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_finding_the_policy_accepts_stays_as_a_costless_info_and_decides_neither_verdict_nor_suggestion()
    {
        var facts = Model("bert", "BertForMaskedLM", 110_000_000, 12, 768, 12);
        var policy = NamingPolicy.Default with { AcceptedFindings = [new AcceptedFinding(FindingCodes.ArchitectureMismatch, "LLAMA")] };

        var flagged = Checker.Check("acme/llama-base", facts);
        var accepted = Checker.Check("acme/llama-base", facts, policy);
        var otherWord = Checker.Check("acme/gpt2-base", facts, policy);

        Assert.Equal((Verdict.Misnamed, "acme/bert-base"), (flagged.Verdict, flagged.SuggestedName));
        Assert.Equal((Verdict.Ok, 100, "acme/llama-base"), (accepted.Verdict, accepted.Score, accepted.SuggestedName));
        var finding = Assert.Single(Of(accepted, FindingCodes.ArchitectureMismatch));
        Assert.Equal((Severity.Info, 0.0, "llama"), (finding.Severity, finding.Confidence, finding.Claimed));
        Assert.StartsWith("Accepted by the organization's policy: ", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Verdict.Misnamed, otherWord.Verdict);
    }

    [Fact]
    public void A_clean_name_scores_full_marks()
    {
        var result = Checker.Check("google-bert/bert-base-uncased", Model("bert", "BertForMaskedLM", 110_000_000, 12, 768, 12));

        Assert.Equal((Verdict.Ok, 100), (result.Verdict, result.Score));
        Assert.Equal("google-bert/bert-base-uncased", result.SuggestedName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-owner-here")]
    [InlineData("../../etc/passwd")]
    [InlineData("owner/🦙🦙-emoji-名前")]
    public void Odd_names_are_checked_without_failing(string name)
    {
        var result = Checker.Check(name, Model("llama", "LlamaForCausalLM", 7_000_000_000));

        Assert.InRange(result.Score, 0, 100);
        Assert.NotNull(result.SuggestedName);
    }

    [Fact]
    public void A_ten_kilobyte_name_is_checked_without_failing()
    {
        var result = Checker.Check("owner/" + string.Concat(Enumerable.Repeat("bert-base-", 1024)), Model("bert", "BertModel"));

        Assert.InRange(result.Score, 0, 100);
    }

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    [Fact]
    public void Any_name_against_any_facts_gives_a_consistent_verdict()
    {
        var names = Gen.OneOf(
            Gen.String,
            Gen.Select(Pick("bert", "llama", "gpt2", "t5", "e5", "roberta"), Pick("base", "large", "7b", "small", "ner", "squad", "fp16", "gguf", ""), Pick("en", "v2", "chat", ""),
                (a, b, c) => $"owner/{a}-{b}-{c}"));
        var facts = Gen.Select(Pick("bert", "llama", "distilbert", "xlm-roberta", "whisper"), Pick("BertForMaskedLM", "LlamaForCausalLM", "BertForTokenClassification", "BertModel"), Gen.Long[1_000, 100_000_000_000L], Gen.Int[1, 96],
            (type, head, parameters, layers) => Model(type, head, parameters, layers, 64L * layers, 12));

        Gen.Select(names, facts).Sample((name, fact) =>
        {
            var result = Checker.Check(name, fact);
            Assert.InRange(result.Score, 0, 100);
            Assert.Equal(NameChecker.VerdictOf(result.Findings), result.Verdict);
            Assert.All(result.Findings, f => Assert.Contains(f.Code, FindingCodes.All));
            var parsed = NameParser.Default.Parse(name);
            if (parsed.Owner is { Length: > 0 } owner)
            {
                Assert.StartsWith(owner + "/", result.SuggestedName, StringComparison.Ordinal);
            }
        }, iter: 3_000);
    }
}
