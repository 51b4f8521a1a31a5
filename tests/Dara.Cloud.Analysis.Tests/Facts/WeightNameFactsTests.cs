using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Tests.Artifacts;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;
using DataType = Dara.Cloud.Analysis.Formats.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Dara.Cloud.Analysis.Tests.Facts;

/// <summary>
/// A model without config.json (weights uploaded alone, an ONNX export, a weight map) is still checked: its tensor
/// names say which backbone wrote them and how deep and wide it is.
/// </summary>
public sealed class WeightNameFactsTests
{
    /// <summary>A transformers encoder with a sequence-classification head, in PyTorch naming, under <paramref name="prefix"/>.</summary>
    private static List<TensorSpec> Encoder(string prefix, int layers, int hidden, int vocabulary = 50265)
    {
        var tensors = new List<TensorSpec>
        {
            new($"{prefix}.embeddings.word_embeddings.weight", "F32", [vocabulary, hidden]),
            new($"{prefix}.embeddings.position_embeddings.weight", "F32", [514, hidden]),
            new($"{prefix}.embeddings.LayerNorm.weight", "F32", [hidden]),
        };
        for (var layer = 0; layer < layers; layer++)
        {
            foreach (var module in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                tensors.Add(new($"{prefix}.encoder.layer.{layer}.{module}.weight", "F32", [hidden, hidden]));
            }

            tensors.Add(new($"{prefix}.encoder.layer.{layer}.intermediate.dense.weight", "F32", [4 * hidden, hidden]));
            tensors.Add(new($"{prefix}.encoder.layer.{layer}.output.dense.weight", "F32", [hidden, 4 * hidden]));
        }

        tensors.Add(new("classifier.dense.weight", "F32", [hidden, hidden]));
        tensors.Add(new("classifier.out_proj.weight", "F32", [2, hidden]));
        return tensors;
    }

    private static List<TensorSpec> Names(params string[] names) => names.Select(n => new TensorSpec(n, string.Empty, [])).ToList();

    private static IEnumerable<string> Stack(string prefix, int depth, params string[] leaves) =>
        Enumerable.Range(0, depth).SelectMany(i => leaves.Select(leaf => $"{prefix}.{i}.{leaf}"));

    [Fact]
    public void A_head_models_tensor_prefix_names_its_backbone_with_every_model_that_writes_it()
    {
        var facts = WeightNameFacts.From("model.safetensors", Encoder("roberta", layers: 12, hidden: 768));

        Assert.Equal("roberta", facts.Prefix);
        Assert.Equal(["roberta", "xlm-roberta", "camembert", "xlm-roberta-xl", "xmod"], facts.PrefixModelTypes);
        Assert.Equal((12L, 768L, 50265L), (facts.Blocks, facts.HiddenSize, facts.VocabSize));
    }

    [Fact]
    public void A_prefix_several_families_share_names_no_model_type()
    {
        var facts = WeightNameFacts.From("model.safetensors", Names([.. Stack("model.layers", 32, "self_attn.q_proj.weight", "mlp.gate_proj.weight"), "lm_head.weight"]));

        Assert.Null(facts.Prefix);
        Assert.Empty(facts.PrefixModelTypes);
        Assert.Equal(32, facts.Blocks);
    }

    [Fact]
    public void An_encoder_decoders_stacks_of_one_depth_count_once_and_t5s_sublayers_are_not_stages()
    {
        var t5 = Names([
            "shared.weight",
            .. Stack("encoder.block", 12, "layer.0.SelfAttention.q.weight", "layer.1.DenseReluDense.wi.weight"),
            .. Stack("decoder.block", 12, "layer.0.SelfAttention.q.weight", "layer.1.EncDecAttention.q.weight", "layer.2.DenseReluDense.wi.weight"),
        ]);

        Assert.Equal(12, WeightNameFacts.From("model.safetensors", t5).Blocks);
    }

    [Fact]
    public void Stacks_of_different_depths_or_blocks_grouped_in_stages_give_no_block_count()
    {
        // A vision-language model: which tower's depth the name's size is about is not for the weights to say.
        var vlm = Names([.. Stack("model.layers", 28, "mlp.up_proj.weight"), .. Stack("visual.blocks", 32, "mlp.fc1.weight")]);
        // Swin: four stages of 2, 2, 18 and 2 blocks.
        var swin = Names([.. Stack("swin.encoder.layers.0.blocks", 2, "attention.self.query.weight"), .. Stack("swin.encoder.layers.2.blocks", 18, "attention.self.query.weight")]);

        Assert.Null(WeightNameFacts.From("model.safetensors", vlm).Blocks);
        Assert.Null(WeightNameFacts.From("model.safetensors", swin).Blocks);
        Assert.Equal("swin", WeightNameFacts.From("model.safetensors", swin).Prefix);
    }

    [Fact]
    public void Two_token_embeddings_of_different_shapes_give_no_width()
    {
        var tensors = new List<TensorSpec>
        {
            new("language_model.model.embed_tokens.weight", "BF16", [262144, 5376]),
            new("vision_tower.text.embed_tokens.weight", "BF16", [32000, 1024]),
        };

        Assert.Null(WeightNameFacts.From("model.safetensors", tensors).HiddenSize);
    }

    public static TheoryData<string, string, string[], string?> Heads() => new()
    {
        { "question answering", "bert.encoder.layer", ["qa_outputs.weight"], "question-answering" },
        { "RoBERTa's classification head", "roberta.encoder.layer", ["classifier.dense.weight", "classifier.out_proj.weight"], "text-classification" },
        { "DistilBERT's classification head", "distilbert.transformer.layer", ["pre_classifier.weight", "classifier.weight"], "text-classification" },
        { "a classifier over BERT's pooler", "bert.encoder.layer", ["bert.pooler.dense.weight", "classifier.weight"], "text-classification" },
        { "a classifier over every token", "bert.encoder.layer", ["classifier.weight"], "token-classification" },
        { "BERT's masked-LM head", "bert.encoder.layer", ["cls.predictions.transform.dense.weight"], "fill-mask" },
        { "RoBERTa's masked-LM head", "roberta.encoder.layer", ["lm_head.dense.weight", "lm_head.decoder.weight"], "fill-mask" },
        { "an image classifier", "vit.encoder.layer", ["classifier.weight"], "image-classification" },
        { "CTC on wav2vec2", "wav2vec2.encoder.layers", ["lm_head.weight"], "automatic-speech-recognition" },
        { "audio classification", "wav2vec2.encoder.layers", ["projector.weight", "classifier.weight"], "audio-classification" },
        { "a decoder's language-model head", "model.layers", ["lm_head.weight"], "text-generation" },
        { "a decoder's scoring head", "model.layers", ["score.weight"], "text-classification" },
        { "an encoder-decoder", "model.encoder.layers", ["model.decoder.layers.0.fc1.weight", "lm_head.weight"], null },
        { "a language model with a vision tower", "model.layers", ["visual.blocks.0.mlp.fc1.weight", "lm_head.weight"], null },
        { "LED's generation head", "led.encoder.layers", ["lm_head.weight"], null },
        { "a bare backbone", "bert.encoder.layer", ["bert.pooler.dense.weight"], null },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void A_heads_tensor_names_say_the_task_it_serves(string head, string backbone, string[] headNames, string? task)
    {
        var facts = WeightNameFacts.From("model.safetensors", Names([.. Stack(backbone, 4, "output.dense.weight"), .. headNames]));

        Assert.True(facts.Head?.Task == task, $"{head}: {facts.Head?.Task ?? "no task"}, expected {task ?? "no task"}");
    }

    [Fact]
    public async Task Weights_without_a_config_whose_head_serves_another_task_than_the_name_says_are_a_task_mismatch()
    {
        var report = await InspectWeightsAlone(Encoder("roberta", layers: 12, hidden: 768));

        var result = NameChecker.Default.Check("acme/roberta-base-squad2", report);

        var finding = Assert.Single(result.Findings, f => f.Code == FindingCodes.TaskMismatch);
        Assert.Equal(("classifier.out_proj (text-classification)", "model.safetensors: tensor names (classifier.out_proj.…)"), (finding.Observed, finding.Evidence));
        Assert.Equal(Verdict.Misnamed, result.Verdict);
    }

    [Fact]
    public async Task A_base_models_name_on_weights_with_a_classifier_head_is_suspicious()
    {
        var report = await InspectWeightsAlone(Encoder("roberta", layers: 12, hidden: 768));

        var result = NameChecker.Default.Check("acme/roberta-base", report);

        Assert.Equal(Severity.Warning, Assert.Single(result.Findings, f => f.Code == FindingCodes.TaskMismatch).Severity);
        Assert.Equal(Verdict.Suspicious, result.Verdict);
    }

    [Fact]
    public async Task Weights_uploaded_without_a_config_contradict_a_name_of_another_family()
    {
        var report = await InspectWeightsAlone(Encoder("roberta", layers: 12, hidden: 768));

        var result = NameChecker.Default.Check("acme/bert-base-sentiment", report);

        var finding = Assert.Single(result.Findings, f => f.Code == FindingCodes.ArchitectureMismatch);
        Assert.Equal((Severity.Error, "bert", "roberta", "model.safetensors: tensor names (roberta.…)"), (finding.Severity, finding.Claimed, finding.Observed, finding.Evidence));
        Assert.Equal("acme/roberta-base-sentiment", result.SuggestedName);
    }

    [Theory]
    [InlineData("acme/xlm-roberta-base-sentiment")]
    [InlineData("acme/camembert-base-sentiment")]
    [InlineData("acme/roberta-base-sentiment")]
    public async Task Weights_under_a_prefix_twins_share_agree_with_each_of_them(string name)
    {
        var report = await InspectWeightsAlone(Encoder("roberta", layers: 12, hidden: 768));

        var result = NameChecker.Default.Check(name, report);

        Assert.DoesNotContain(result.Findings, f => f.Code is FindingCodes.ArchitectureMismatch or FindingCodes.SizeMismatch);
    }

    [Fact]
    public async Task The_shape_read_from_tensor_names_checks_the_names_size_word()
    {
        var report = await InspectWeightsAlone(Encoder("roberta", layers: 12, hidden: 768));

        var result = NameChecker.Default.Check("acme/roberta-large-sentiment", report);

        var finding = Assert.Single(result.Findings, f => f.Code == FindingCodes.SizeMismatch);
        Assert.Equal(("large", "base (12 layers × 768)", "model.safetensors: token embedding shape"), (finding.Claimed, finding.Observed, finding.Evidence));
        Assert.Equal("acme/roberta-base-sentiment", result.SuggestedName);
    }

    [Fact]
    public async Task A_config_decides_the_model_type_over_tensor_names()
    {
        var report = await InspectWeightsAlone(Encoder("roberta", layers: 2, hidden: 64), config: """{"model_type": "xlm-roberta", "architectures": ["XLMRobertaForSequenceClassification"]}""");

        Assert.Equal("xlm-roberta", report.Facts.ModelType);
        Assert.Empty(report.Facts.ModelTypeAlternatives);
        Assert.Equal(2, report.Facts.Blocks);
    }

    [Fact]
    public async Task An_onnx_export_is_read_by_the_module_paths_its_initializers_keep()
    {
        // torch.onnx.export keeps parameter names, except for the weights constant folding transposed for MatMul.
        var export = new OnnxModelBuilder().WithGraph(graph =>
        {
            graph.Initializer("roberta.embeddings.word_embeddings.weight", DataType.Float, 1000, 64);
            for (var layer = 0; layer < 2; layer++)
            {
                foreach (var module in new[] { "query", "key", "value" })
                {
                    graph.Initializer($"roberta.encoder.layer.{layer}.attention.self.{module}.bias", DataType.Float, 64);
                    graph.Initializer($"onnx::MatMul_{(layer * 10) + module.Length}", DataType.Float, 64, 64);
                }

                graph.Initializer($"onnx::MatMul_{(layer * 10) + 7}", DataType.Float, 64, 256);
                graph.Initializer($"onnx::MatMul_{(layer * 10) + 8}", DataType.Float, 256, 64);
            }

            graph.Initializer("classifier.out_proj.bias", DataType.Float, 2);
        });
        var source = new InMemoryArtifactSource().Add("model.onnx", export.ToBytes());

        var report = ModelReport.From(await new ModelInspector().InspectAsync(source));
        var result = NameChecker.Default.Check("acme/bert-tiny-sentiment-onnx", report);

        Assert.Equal(("roberta", 2L, 64L), (report.Facts.ModelType, report.Facts.Blocks, report.Facts.HiddenSize));
        Assert.Equal("model.onnx: tensor names (roberta.…)", Assert.Single(result.Findings, f => f.Code == FindingCodes.ArchitectureMismatch).Evidence);
    }

    [RealDataFact]
    public async Task Every_real_weight_map_counts_the_blocks_its_config_states()
    {
        var counted = 0;
        foreach (var folder in RealData.ConfigFolders().Where(f => Directory.EnumerateFiles(f, "*.index.json").Any()))
        {
            await using var source = new LocalFolderSource(folder);
            var artifacts = await new ModelInspector().InspectAsync(source);
            var fromNames = WeightNameFacts.From(artifacts with { Safetensors = [], Onnx = [] });
            if (artifacts.Config?.EffectiveHyperparameters.Layers is { } layers && fromNames?.Blocks is { } blocks)
            {
                Assert.True(layers == blocks, $"{Path.GetFileName(folder)}: config.json says {layers} layers, its weight map {blocks}");
                counted++;
            }
        }

        Assert.True(counted >= 30, $"only {counted} real weight maps gave a block count");
    }

    private static async Task<ModelReport> InspectWeightsAlone(List<TensorSpec> tensors, string? config = null)
    {
        using var folder = new TempFolder();
        var weights = new SafetensorsBuilder();
        foreach (var tensor in tensors)
        {
            weights.Add(tensor.Name, tensor.DType, [.. tensor.Shape]);
        }

        // Sparse on disk: the 500 MB of zeros behind a base-sized header take no space and are never read.
        weights.WriteTo(folder["model.safetensors"]);
        if (config is not null)
        {
            folder.Write("config.json", config);
        }

        await using var source = new LocalFolderSource(folder.Path);
        return ModelReport.From(await new ModelInspector().InspectAsync(source));
    }
}
