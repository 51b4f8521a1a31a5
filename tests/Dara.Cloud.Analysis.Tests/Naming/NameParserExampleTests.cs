using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Tests.Naming;

public sealed class NameParserExampleTests
{
    private static readonly NameParser Parser = NameParser.Default;

    [Theory]
    [InlineData("albert-base-v2", "A S V")]
    [InlineData("Helsinki-NLP/opus-mt-it-en", "D A L L")]
    [InlineData("sentence-transformers/all-MiniLM-L6-v2", "O A N V")]
    [InlineData("bert-base-uncased", "A S C")]
    [InlineData("xlm-roberta-large-finetuned-conll03-english", "A S F D L")]
    [InlineData("meta-llama/Llama-2-7b-chat-hf", "A P T W")]
    [InlineData("TheBloke/Mistral-7B-Instruct-v0.2-GGUF", "A P T V W")]
    [InlineData("google/bert_uncased_L-12_H-768_A-12", "A C N H H")]
    [InlineData("distilbert-base-uncased-finetuned-sst-2-english", "A S C F T L")]
    [InlineData("Qwen/Qwen2.5-7B-Instruct-AWQ", "A P T Q")]
    [InlineData("timm/vit_base_patch16_224.augreg_in21k", "A S C C D D")]
    [InlineData("EleutherAI/pythia-410m-deduped", "A P O")]
    [InlineData("allenai/scibert_scivocab_uncased-pretrained", "A C C R")]
    [InlineData("google/gemma-2-2b-jpn-it", "A P L T")]
    [InlineData("google/gemma-3-27b-pt", "A P R")]
    [InlineData("Helsinki-NLP/opus-mt-ca-pt", "D A L L")]
    public void Names_from_the_paper_and_the_hub_split_into_the_expected_codes(string name, string codes)
    {
        var parsed = Parser.Parse(name);

        Assert.Equal(codes, string.Join(' ', parsed.Elements.Select(e => e.Code)));
    }

    [Theory]
    [InlineData("Qwen/Qwen3-235B-A22B-Instruct-2507", "A22B", 1)]
    [InlineData("Qwen/Qwen1.5-MoE-A2.7B", "MoE-A2.7B", 0)]
    [InlineData("ibm-granite/granite-3.1-1b-a400m-instruct", "a400m", 1)]
    [InlineData("meta-llama/Llama-4-Scout-17B-16E-Instruct", "17B-16E", 0)]
    public void Active_parameters_of_a_mixture_of_experts_are_no_second_total(string name, string other, int totals)
    {
        var parsed = Parser.Parse(name);

        Assert.Equal(totals, parsed.Of(ElementCode.P).Count());
        Assert.Contains(parsed.Elements, e => e.Code == ElementCode.O && e.Text == other);
    }

    [Theory]
    [InlineData("TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T", 1_100_000_000L)]
    [InlineData("Qwen/Qwen2.5-7B-Instruct-1M", 7_000_000_000L)]
    public void A_second_count_in_a_name_is_no_second_size(string name, long parameters)
    {
        var parsed = Parser.Parse(name);

        Assert.Equal(parameters.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(parsed.Of(ElementCode.P)).Value);
    }

    [Fact]
    public void Multi_token_units_stay_whole()
    {
        var parsed = Parser.Parse("sentence-transformers/all-MiniLM-L6-v2");

        Assert.Equal(["all", "MiniLM", "L6", "v2"], parsed.Elements.Select(e => e.Text));
        Assert.Equal("6", parsed.Of(ElementCode.N).Single().Value);
    }

    [Theory]
    [InlineData("T5PRJ")]
    [InlineData("resnet50-T5PRJ")]
    [InlineData("timm/resnet50.T5PRJ_in1k")]
    public void A_project_code_that_starts_with_an_architecture_name_is_not_that_architecture(string name)
    {
        var parsed = Parser.Parse(name);

        Assert.DoesNotContain("t5", parsed.Architectures);
        Assert.Contains(parsed.Elements, e => e.Text == "T5PRJ" && e.Code == ElementCode.O);
    }

    [Theory]
    [InlineData("xlmr-base", "xlm-roberta")]
    [InlineData("xlm-r-large", "xlm-roberta")]
    [InlineData("XLMRoberta-Alexa-Intents", "xlm-roberta")]
    [InlineData("distil-english", "distilbert")]
    [InlineData("llama-2-13b", "llama")]
    [InlineData("llama2-13b", "llama")]
    [InlineData("Llama-4-Scout-17B-16E-Instruct", "llama4")]
    [InlineData("Llama-3.1-8B", "llama")]
    [InlineData("vicuna-7b", "llama")]
    [InlineData("RoBERTa-large", "roberta")]
    [InlineData("BAAI/bge-small-en-v1.5", "bert")]
    [InlineData("intfloat/e5-large-v2", "bert")]
    [InlineData("thenlper/gte-base", "bert")]
    [InlineData("finbert-tone", "bert")]
    [InlineData("kobigbird-pure16", "big_bird")]
    [InlineData("multiberts-seed-4", "bert")]
    [InlineData("berturk-tremo", "bert")]
    [InlineData("w2v2-base", "wav2vec2")]
    [InlineData("camembert-base", "camembert")]
    [InlineData("tiiuae/RefinedWeb-7b", "falcon")]
    [InlineData("microsoft/mixformer-sequential", "phi")]
    [InlineData("CohereForAI/aya-23-8B", "cohere")]
    [InlineData("CohereForAI/aya-expanse-32b", "cohere")]
    [InlineData("CohereForAI/aya-101", "mt5")]
    [InlineData("uklfr/gottbert-base", "roberta")]
    [InlineData("HuggingFaceTB/SmolLM3-3B", "smollm3")]
    [InlineData("MiniMaxAI/MiniMax-M1-80k", "minimax")]
    public void Architecture_aliases_resolve_to_the_config_model_type(string name, string modelType)
    {
        Assert.Equal(modelType, Parser.Parse(name).Architectures.First());
    }

    [Theory]
    [InlineData("model-7b", 7_000_000_000L)]
    [InlineData("model-1.3B", 1_300_000_000L)]
    [InlineData("model-125m", 125_000_000L)]
    [InlineData("model-8x7b", 56_000_000_000L)]
    [InlineData("bloom-7b1", 7_100_000_000L)]
    [InlineData("facebook-opt-1-3b-copy", 1_300_000_000L)]
    [InlineData("opt-6-7b", 6_700_000_000L)]
    [InlineData("stablelm-2-1_6b", 1_600_000_000L)]
    [InlineData("llama-2-13b", 13_000_000_000L)]
    public void Parameter_counts_read_as_absolute_numbers(string name, long parameters)
    {
        var parsed = Parser.Parse(name);

        Assert.Equal(parameters, parsed.Parameters);
        Assert.Single(parsed.Of(ElementCode.P));
    }

    [Theory]
    [InlineData("MiniCPM-V-2_6-rkllm", "2_6", "2.6")]
    [InlineData("stable_diffusion_2_1_base", "2_1", "2.1")]
    public void A_generation_with_an_underscore_for_its_point_is_one_version(string name, string text, string value)
    {
        var version = Assert.Single(Parser.Parse(name).Of(ElementCode.V));

        Assert.Equal(text, version.Text);
        Assert.Equal(value, version.Value);
    }

    [Fact]
    public void A_mixture_of_experts_keeps_experts_and_size_per_expert_in_its_value()
    {
        Assert.Equal("8x7000000000", Parser.Parse("Mixtral-8x7B-v0.1").Of(ElementCode.P).Single().Value);
    }

    [Theory]
    [InlineData("model-Q4_K_M", "q4_k_m")]
    [InlineData("model-gptq", "gptq")]
    [InlineData("model-AWQ", "awq")]
    [InlineData("model-fp16", "fp16")]
    [InlineData("model-bf16", "bf16")]
    [InlineData("model-4bit", "int4")]
    [InlineData("model-int8", "int8")]
    [InlineData("model-exl2", "exl2")]
    [InlineData("Qwen3-8B-q6k", "q6_k")]
    [InlineData("Mistral-7B-q4km", "q4_k_m")]
    [InlineData("llama-3-8b-iq4xs", "iq4_xs")]
    [InlineData("Llama-2-7b-chat-hf-q4f16_1-MLC", "q4f16_1")]
    [InlineData("Qwen2.5-7B-i1-GGUF", "imatrix")]
    [InlineData("Llama-3-70B-Instruct-exl2-6.5bpw", "exl2")]
    [InlineData("Yi-34B-4.0bpw-h6-exl2", "4.0bpw")]
    [InlineData("model-fp8-e4m3", "fp8")]
    public void Precision_and_quantization_tokens_are_Q_with_a_canonical_value(string name, string value)
    {
        Assert.Equal(value, Parser.Parse(name).Quantization);
    }

    [Theory]
    [InlineData("LoneStriker/Yi-34B-4.0bpw-h6-exl2")]
    [InlineData("turboderp/Llama-3-70B-Instruct-exl2-8.0bpw-h8")]
    public void An_exllama_head_bit_width_is_part_of_the_quantization_not_a_head_count(string name)
    {
        var parsed = Parser.Parse(name);

        Assert.Empty(parsed.Of(ElementCode.H));
        Assert.Contains(parsed.Of(ElementCode.Q), q => q.Text.StartsWith('h'));
    }

    [Fact]
    public void A_head_count_outside_an_exllama_name_stays_a_head_count()
    {
        Assert.Equal("6", Parser.Parse("tiny-bert-L4-h6").Of(ElementCode.H).Single().Value);
    }

    [Theory]
    [InlineData("model-GGUF", "gguf")]
    [InlineData("model-onnx", "onnx")]
    [InlineData("model-mlx", "mlx")]
    [InlineData("tf-xlm-roberta-large", "tensorflow")]
    [InlineData("model-safetensors", "safetensors")]
    public void Format_tokens_are_W_with_a_canonical_value(string name, string value)
    {
        Assert.Equal(value, Parser.Parse(name).Format);
    }

    [Theory]
    [InlineData("opus-mt-it-en", new[] { "it", "en" })]
    [InlineData("bert-base-german-cased", new[] { "de" })]
    [InlineData("mt5-small-finetuned-amazon-en-es", new[] { "en", "es" })]
    [InlineData("medical-nllb-200-zh2en", new[] { "zh", "en" })]
    [InlineData("bert-base-multilingual-cased", new[] { "multilingual" })]
    public void Languages_resolve_to_iso_codes(string name, string[] languages)
    {
        Assert.Equal(languages, Parser.Parse(name).Languages);
    }

    [Theory]
    [InlineData("opus-mt-ms-it", new[] { "ms", "it" })]
    [InlineData("t5-translation-is-no", new[] { "is", "no" })]
    public void Two_ambiguous_codes_side_by_side_are_languages_in_a_translation_name(string name, string[] languages)
    {
        Assert.Equal(languages, Parser.Parse(name).Languages);
    }

    [Theory]
    [InlineData("gemma-7b-it")]
    [InlineData("my-model-is-here")]
    public void A_two_letter_word_is_a_language_only_next_to_another_language(string name)
    {
        Assert.Empty(Parser.Parse(name).Languages);
    }

    [Theory]
    [InlineData("bert-large-cased-qa", "question-answering")]
    [InlineData("roberta-base-ner", "token-classification")]
    [InlineData("distilbert-sentiment", "text-classification")]
    [InlineData("t5-small-summarization", "summarization")]
    [InlineData("wav2vec2-base-asr", "automatic-speech-recognition")]
    [InlineData("bert-fill-mask", "fill-mask")]
    [InlineData("tiny-random-T5ForQuestionAnswering", "question-answering")]
    [InlineData("roberta-fake-news-detector", "fake-news-detector")]
    [InlineData("prot_bert_bfd_localization", "localization")]
    [InlineData("ance-msmarco-passage", "passage")]
    public void Task_tokens_resolve_to_hub_pipeline_tags_or_the_application_goal(string name, string task)
    {
        Assert.Equal(task, Parser.Parse(name).Task);
    }

    [Theory]
    [InlineData("deberta-v3-base-absa-v1.1", "text-classification")]
    [InlineData("multicite-multilabel-scibert", "text-classification")]
    [InlineData("ko-sbert-sts", "sentence-similarity")]
    [InlineData("multi-qa-MiniLM-L6-cos-v1", "sentence-similarity")]
    [InlineData("punctuate-all", "token-classification")]
    public void Task_abbreviations_and_task_names_that_are_no_dataset_are_tasks(string name, string task)
    {
        var parsed = Parser.Parse(name);

        Assert.Equal(task, parsed.Task);
        Assert.DoesNotContain(parsed.Elements, e => e.Code == ElementCode.D);
    }

    [Theory]
    [InlineData("adultcontentclassifier", "adultcontentclassifier")]
    [InlineData("indo-roberta-indonli", "indonli")]
    [InlineData("BART_lfqa_oracle_gpt", "lfqa")]
    [InlineData("CDAC_hindispeechrecognition", "hindispeechrecognition")]
    public void A_word_ending_in_a_task_word_is_that_task_without_claiming_a_pipeline(string name, string text)
    {
        var task = Parser.Parse(name).Elements.Single(e => e.Code == ElementCode.T);

        Assert.Equal(text, task.Text);
        // The rest of the word may narrow the task (speech recognition is no image recognition): the word itself is the value.
        Assert.Equal(text.ToLowerInvariant(), task.Value);
        Assert.DoesNotContain(task.Value, Parser.Vocabulary.PipelineTasks);
    }

    [Theory]
    [InlineData("mpt-7b-storysummarizer", "story", "summarization")]
    [InlineData("keywordextractor", "keyword", "token-classification")]
    [InlineData("distilgpt2-moviedialog", "movie", "text-generation")]
    public void A_known_word_before_a_task_word_splits_off_and_the_task_word_keeps_its_meaning(string name, string head, string task)
    {
        var tasks = Parser.Parse(name).Of(ElementCode.T).ToList();

        Assert.Equal(2, tasks.Count);
        Assert.Equal(head, tasks[0].Text);
        Assert.Equal(task, tasks[1].Value);
    }

    [Theory]
    [InlineData("ruparaphraser")]
    [InlineData("mt5base-ruparaphraser")]
    public void A_short_language_code_opening_a_task_word_stays_part_of_it(string name)
    {
        var parsed = Parser.Parse(name);

        Assert.Empty(parsed.Languages);
        Assert.Contains(parsed.Elements, e => e.Code == ElementCode.T && e.Text == "ruparaphraser");
    }

    [Theory]
    [InlineData("ldm-text2im-large-256", "text2im")]
    [InlineData("matcha-chart2text-pew", "chart2text")]
    [InlineData("English2Dialect", "English2Dialect")]
    [InlineData("wav2musicgenre", "wav2musicgenre")]
    public void Two_words_joined_by_2_name_a_conversion_task(string name, string text)
    {
        var task = Parser.Parse(name).Elements.Single(e => e.Code == ElementCode.T);

        Assert.Equal(text, task.Text);
    }

    [Theory]
    [InlineData("text2vec-base-chinese", "text2vec")]
    [InlineData("music2vec-v1", "music2vec")]
    [InlineData("chatglm2cpp", null)]
    [InlineData("Pokemon2DSugimori", null)]
    [InlineData("opus-mt-en2zh", null)]
    public void A_2_that_is_a_generation_a_family_name_or_a_language_pair_is_no_conversion(string name, string? architecture)
    {
        var parsed = Parser.Parse(name);

        Assert.DoesNotContain(parsed.Elements, e => e.Code == ElementCode.T);
        if (architecture is not null)
        {
            Assert.Contains(parsed.Elements, e => e.Code == ElementCode.A && e.Text == architecture);
        }
    }

    [Theory]
    [InlineData("bert-large-cased-squad2", "question-answering")]
    [InlineData("xlm-roberta-large-finetuned-conll03-english", "token-classification")]
    [InlineData("pegasus-xsum", "summarization")]
    [InlineData("opus-mt-en-de", "translation")]
    [InlineData("openai/whisper-small", "automatic-speech-recognition")]
    public void Datasets_and_single_purpose_architectures_imply_their_task(string name, string task)
    {
        var implied = Parser.Parse(name).Elements.Select(Parser.Vocabulary.TaskOf).OfType<string>();

        Assert.Equal(task, implied.First());
    }

    [Theory]
    [InlineData("resnet-50", "50")]
    [InlineData("resnet50", "50")]
    [InlineData("yolov5s", "small")]
    [InlineData("efficientnet_b3", "b3")]
    [InlineData("xlm-roberta-xxlarge", "xxl")]
    public void Sizes_read_as_words_or_architecture_depths(string name, string size)
    {
        Assert.Equal(size, Parser.Parse(name).Size);
    }

    [Theory]
    [InlineData("albert-base-v2", "v2")]
    [InlineData("whisper-large-v3.1", "v3.1")]
    [InlineData("Qwen3-30B-A3B-Instruct-2507", "2507")]
    [InlineData("model-20240101", "20240101")]
    [InlineData("stable-diffusion-v1-5", "v1-5")]
    [InlineData("arabertv02", "v02")]
    public void Versions_and_dates_are_versions(string name, string version)
    {
        Assert.Equal(version, Parser.Parse(name).Version);
    }

    [Fact]
    public void Offsets_locate_each_element_in_the_name_part()
    {
        var parsed = Parser.Parse("google/albert-base-v2");

        Assert.Equal("google", parsed.Owner);
        Assert.All(parsed.Elements, e => Assert.Equal(e.Text, parsed.Name.Substring(e.Start, e.Length)));
    }

    [Fact]
    public void The_owner_is_not_parsed_into_elements()
    {
        var parsed = Parser.Parse("bert-org/model");

        Assert.Equal("bert-org", parsed.Owner);
        Assert.DoesNotContain(parsed.Elements, e => e.Code == ElementCode.A);
    }

    [Fact]
    public void A_name_alone_still_parses()
    {
        var parsed = Parser.Parse("roberta-base");

        Assert.Null(parsed.Owner);
        Assert.Equal(["roberta"], parsed.Architectures);
    }
}
