using System.Buffers.Binary;
using System.Text;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Inspection;

public sealed class ModelInspectorTests
{
    private static async Task<ModelReport> InspectAsync(IArtifactSource source) =>
        ModelReport.From(await new ModelInspector().InspectAsync(source));

    [Fact]
    public async Task A_shard_whose_header_would_take_the_models_safetensors_headers_past_their_budget_is_refused_naming_it()
    {
        // A hostile model of 256 shards with 100 MiB headers each would otherwise be 25 GB to fetch and keep.
        var source = TinyModels.Sharded();
        async Task<long> HeaderLength(string path) =>
            BinaryPrimitives.ReadInt64LittleEndian((await source.ReadRangeAsync(path, 0, 8)).Bytes.Span);
        var first = await HeaderLength("model-00001-of-00002.safetensors");
        var second = await HeaderLength("model-00002-of-00002.safetensors");
        var options = new InspectorOptions { MaxSafetensorsHeaderBytes = first + second - 1, Concurrency = 1 };

        var artifacts = await new ModelInspector(options).InspectAsync(source);

        Assert.Equal("model-00001-of-00002.safetensors", Assert.Single(artifacts.Safetensors).File);
        var problem = Assert.Single(artifacts.Problems);
        Assert.Equal("model-00002-of-00002.safetensors", problem.File);
        Assert.Equal($"header length {second} would take the model's safetensors headers past {first + second - 1:N0} bytes together", problem.Problem);
    }

    [Fact]
    public async Task Onnx_graphs_are_read_one_at_a_time_so_their_size_cap_is_not_multiplied_by_the_file_count()
    {
        // 8 graphs of 256 MB read at once took 6.4 GB; at the 1 GiB cap, 8 of them would take about 25 GB.
        var model = OnnxSampleModels.ConvNetWithControlFlow().ToBytes();
        var inner = new InMemoryArtifactSource().Add("a.onnx", model).Add("b.onnx", model).Add("onnx/c.onnx", model);
        var source = new OverlapCountingSource(inner);

        var artifacts = await new ModelInspector().InspectAsync(source);

        Assert.Equal(3, artifacts.Onnx.Count);
        Assert.Equal(1, source.MostWholeReadsAtOnce);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    public async Task Inspections_at_the_same_time_hold_only_the_onnx_graphs_their_shared_memory_budget_has_room_for(int budgetMiB, int graphsAtOnce)
    {
        // A silo analyses many models at once: a few 1 GiB ONNX exports registered together would each be held and
        // parsed whole, at about three times their size. Each graph here reserves one MiB, the smallest share.
        var source = new OverlapCountingSource(new InMemoryArtifactSource().Add("model.onnx", OnnxSampleModels.ConvNetWithControlFlow().ToBytes()));
        using var budget = new ReadMemoryBudget(budgetMiB << 20);
        var inspector = new ModelInspector(new InspectorOptions { ReadMemory = budget });

        var both = await Task.WhenAll(inspector.InspectAsync(source), inspector.InspectAsync(source));

        Assert.All(both, artifacts => Assert.Single(artifacts.Onnx));
        Assert.Equal(graphsAtOnce, source.MostWholeReadsAtOnce);
    }

    [Fact]
    public async Task Weight_maps_past_the_models_weight_map_budget_are_not_read_and_are_reported_by_name()
    {
        // Each index may be 128 MiB and is kept parsed; a folder of a hundred of them took gigabytes (8 of 81 MB: 2.4 GB).
        var map = Encoding.UTF8.GetBytes("""{"weight_map": {"w": "model.safetensors"}}""");
        var source = new InMemoryArtifactSource()
            .Add("a.safetensors.index.json", map)
            .Add("b.safetensors.index.json", map)
            .Add("c.safetensors.index.json", map);
        var options = new InspectorOptions { MaxWeightMapBytes = (2 * map.Length) + 1 };

        var artifacts = await new ModelInspector(options).InspectAsync(source);

        Assert.Equal(["a.safetensors.index.json", "b.safetensors.index.json"], artifacts.WeightMaps.Select(m => m.File));
        Assert.Equal(
            [new ArtifactProblem("c.safetensors.index.json", $"not read: the model's weight maps would together take more than {(2 * map.Length) + 1:N0} bytes")],
            artifacts.Problems);
        Assert.DoesNotContain("c.safetensors.index.json", artifacts.FilesRead);
    }

    [Fact]
    public async Task A_safetensors_model_gives_exact_facts_with_their_evidence()
    {
        var report = await InspectAsync(TinyModels.SingleFile());
        var facts = report.Facts;

        Assert.Empty(report.Artifacts.Problems);
        Assert.Equal("bert", facts.ModelType);
        Assert.Equal("BertForSequenceClassification", facts.HeadClass);
        Assert.Equal("text-classification", facts.ImpliedTask);
        Assert.Equal(Modality.Text, facts.Modality);
        Assert.Equal(TinyModels.BertParameterCount, facts.Parameters);
        Assert.False(facts.ParametersEstimated);
        Assert.Equal("safetensors", facts.ParameterSource);
        Assert.Equal("F32", facts.Precision);
        Assert.Equal(TinyModels.Layers, facts.Blocks);
        Assert.Equal(TinyModels.Hidden, facts.HiddenSize);
        Assert.Equal(["NEGATIVE", "POSITIVE"], facts.Labels);
        Assert.Equal(["en"], facts.CardLanguages);
        Assert.Equal("text-classification", facts.CardPipelineTag);
        Assert.Equal(["safetensors"], facts.Formats);
        Assert.Equal("model.safetensors: header", facts.Evidence["parameters"]);
        Assert.Equal("config.json: model_type", facts.Evidence["model_type"]);
    }

    [Fact]
    public async Task The_fingerprint_speaks_darás_vocabulary()
    {
        var fingerprint = (await InspectAsync(TinyModels.SingleFile())).Fingerprint;

        Assert.Equal("tensors", fingerprint.HashBasis);
        Assert.Equal(new("bert.encoder.layer.{n}", TinyModels.Layers), fingerprint.Blocks);
        Assert.Equal(TinyModels.Layers * 4, fingerprint.Vectors.P["Linear ['<in_features, 64>', '<out_features, 64>']"]);
        Assert.Equal(TinyModels.Layers, fingerprint.Vectors.P["Linear ['<in_features, 64>', '<out_features, 256>']"]);
        Assert.Equal(1, fingerprint.Vectors.P["Embedding ['<num_embeddings, 100>', '<embedding_dim, 64>']"]);
        Assert.Equal(1, fingerprint.Vectors.L["([INPUT], Embedding)"]);
        Assert.True(fingerprint.Vectors.L["(Linear, LayerNorm)"] >= TinyModels.Layers);
        Assert.Equal(fingerprint.Vectors.P.Values.Sum(), fingerprint.LayerCount);
        Assert.Equal(512, fingerprint.Vectors.ToHashedVector().Length);
    }

    [Fact]
    public async Task The_architecture_hash_ignores_sharding_file_order_and_dtype()
    {
        var single = await InspectAsync(TinyModels.SingleFile());
        var sharded = await InspectAsync(TinyModels.Sharded());
        var half = await InspectAsync(TinyModels.SingleFile("F16"));

        Assert.Equal(single.Fingerprint.Hash, sharded.Fingerprint.Hash);
        Assert.Equal(single.Fingerprint.Hash, half.Fingerprint.Hash);
        Assert.Equal(single.Facts.Parameters, sharded.Facts.Parameters);
        Assert.Equal("F16", half.Facts.Precision);
    }

    [Fact]
    public async Task The_architecture_hash_changes_when_the_structure_does()
    {
        var wider = new InMemoryArtifactSource()
            .Add("config.json", Encoding.UTF8.GetBytes(TinyModels.BertConfig()))
            .Add("model.safetensors", TinyModels.Safetensors(TinyModels.BertTensors().Select(t => (t.Name, t.Shape.Select(d => d == 256 ? 512L : d).ToArray()))));

        var original = await InspectAsync(TinyModels.SingleFile());
        var changed = await InspectAsync(wider);

        Assert.NotEqual(original.Fingerprint.Hash, changed.Fingerprint.Hash);
    }

    [Fact]
    public async Task The_fingerprint_does_not_depend_on_the_order_the_header_lists_tensors_in()
    {
        var byName = TinyModels.BertTensors().OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var reversed = Enumerable.Reverse(byName).ToList();

        var first = (await InspectAsync(new InMemoryArtifactSource().Add("model.safetensors", TinyModels.Safetensors(byName)))).Fingerprint;
        var second = (await InspectAsync(new InMemoryArtifactSource().Add("model.safetensors", TinyModels.Safetensors(reversed)))).Fingerprint;

        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(first.Blocks, second.Blocks);
        Assert.Equal(first.Architecture!.Layers.Select(l => l.ParameterKey), second.Architecture!.Layers.Select(l => l.ParameterKey));
        Assert.Equal(first.Vectors.P, second.Vectors.P);
        Assert.Equal(first.Vectors.L, second.Vectors.L);
    }

    [Fact]
    public async Task A_block_whose_module_has_another_shape_gets_a_layer_of_its_own()
    {
        // Blocks share inferred layers when their modules match; block 1's feed-forward here is wider than block 0's.
        var tensors = TinyModels.BertTensors()
            .Select(t => t.Name.StartsWith("bert.encoder.layer.1.intermediate.dense.", StringComparison.Ordinal)
                ? (t.Name, t.Shape.Select(d => d == 256 ? 512L : d).ToArray())
                : (t.Name, t.Shape));

        var fingerprint = (await InspectAsync(new InMemoryArtifactSource().Add("model.safetensors", TinyModels.Safetensors(tensors)))).Fingerprint;

        Assert.Equal(TinyModels.Layers - 1, fingerprint.Vectors.P["Linear ['<in_features, 64>', '<out_features, 256>']"]);
        Assert.Equal(1, fingerprint.Vectors.P["Linear ['<in_features, 64>', '<out_features, 512>']"]);
        Assert.Equal(new("bert.encoder.layer.{n}", TinyModels.Layers), fingerprint.Blocks);
    }

    [Fact]
    public async Task A_config_only_model_gets_an_estimated_parameter_count()
    {
        var source = new InMemoryArtifactSource().Add("config.json", """
            {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "num_hidden_layers": 32,
             "num_attention_heads": 32, "num_key_value_heads": 32, "intermediate_size": 11008, "vocab_size": 32000,
             "hidden_act": "silu", "tie_word_embeddings": false, "rope_theta": 10000.0, "torch_dtype": "float16"}
            """u8.ToArray());

        var facts = (await InspectAsync(source)).Facts;

        Assert.True(facts.ParametersEstimated);
        Assert.Equal("config", facts.ParameterSource);
        Assert.InRange(facts.Parameters!.Value, 6_600_000_000, 6_900_000_000); // Llama-2-7b has 6.74B
        Assert.Equal("text-generation", facts.ImpliedTask);
    }

    [Fact]
    public async Task One_shard_of_several_does_not_count_the_model_but_gives_its_dtypes()
    {
        var source = new InMemoryArtifactSource()
            .Add("config.json", """
                {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "num_hidden_layers": 32,
                 "num_attention_heads": 32, "num_key_value_heads": 32, "intermediate_size": 11008, "vocab_size": 32000,
                 "hidden_act": "silu", "tie_word_embeddings": false, "torch_dtype": "float16"}
                """u8.ToArray())
            .Add("model-00001-of-00002.safetensors", TinyModels.Safetensors([("model.embed_tokens.weight", [32000L, 4096L])], dtype: "BF16"));

        var facts = (await InspectAsync(source)).Facts;

        Assert.Equal("config", facts.ParameterSource);
        Assert.InRange(facts.Parameters!.Value, 6_600_000_000, 6_900_000_000);
        Assert.Equal(["BF16"], facts.ParametersByDType.Keys);
    }

    [Theory]
    [InlineData("model-00001-of-00004.safetensors", 4)]
    [InlineData("sub/diffusion_pytorch_model-00002-of-00003.safetensors", 3)]
    [InlineData("model.safetensors", 0)]
    [InlineData("model-of-4.safetensors", 0)]
    public void A_shard_says_how_many_shards_its_model_has(string file, int shards)
    {
        Assert.Equal(shards, FactsBuilder.ShardCount(file));
    }

    [Theory]
    [InlineData(new[] { "model-00001-model.layers.0.input_layernorm.weight.safetensors", "model-00005-model.layers.0.post_attention_layernorm.weight.safetensors", "model-00010-model.layers.1.input_layernorm.weight.safetensors" }, 10)]
    [InlineData(new[] { "model-00001.safetensors", "model-00003.safetensors" }, 3)]
    [InlineData(new[] { "model-00001.safetensors", "model-00002.safetensors" }, 0)]
    [InlineData(new[] { "model-00000.safetensors", "model-00001.safetensors" }, 0)]
    [InlineData(new[] { "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors" }, 0)]
    [InlineData(new[] { "model.safetensors" }, 0)]
    public void Numbered_shards_with_holes_in_their_numbers_say_the_model_has_more(string[] files, int expected)
    {
        Assert.Equal(expected, FactsBuilder.NumberedShardsExpected(files));
    }

    [Fact]
    public async Task A_few_one_tensor_files_of_a_model_do_not_count_as_the_whole_model()
    {
        var source = new InMemoryArtifactSource()
            .Add("model-00001-model.layers.0.input_layernorm.weight.safetensors", TinyModels.Safetensors([("model.layers.0.input_layernorm.weight", [3072L])], dtype: "BF16"))
            .Add("model-00005-model.layers.0.post_attention_layernorm.weight.safetensors", TinyModels.Safetensors([("model.layers.0.post_attention_layernorm.weight", [3072L])], dtype: "BF16"));

        var facts = (await InspectAsync(source)).Facts;

        Assert.Null(facts.Parameters);
        Assert.Equal(["BF16"], facts.ParametersByDType.Keys);
    }

    [Fact]
    public async Task A_qwen_v1_config_counts_its_joined_swiglu_halves_once()
    {
        var source = new InMemoryArtifactSource().Add("config.json", """
            {"model_type": "qwen", "architectures": ["QWenLMHeadModel"], "hidden_size": 8192, "num_hidden_layers": 80,
             "num_attention_heads": 64, "intermediate_size": 49152, "vocab_size": 152064, "bf16": false, "fp16": false}
            """u8.ToArray());

        var facts = (await InspectAsync(source)).Facts;

        Assert.Equal("config", facts.ParameterSource);
        Assert.InRange(facts.Parameters!.Value, 70_000_000_000, 74_000_000_000); // Qwen-72B has 72.3B
    }

    [Fact]
    public async Task A_weight_maps_byte_count_without_a_dtype_is_read_at_the_width_nearest_the_configs_estimate()
    {
        var source = new InMemoryArtifactSource()
            .Add("config.json", """
                {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "num_hidden_layers": 32,
                 "num_attention_heads": 32, "intermediate_size": 11008, "vocab_size": 32000, "hidden_act": "silu",
                 "tie_word_embeddings": false}
                """u8.ToArray())
            .Add("model.safetensors.index.json", """
                {"metadata": {"total_size": 13476839424},
                 "weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors", "lm_head.weight": "model-00002-of-00002.safetensors"}}
                """u8.ToArray());

        var facts = (await InspectAsync(source)).Facts;

        Assert.Equal("weight-map", facts.ParameterSource);
        Assert.True(facts.ParametersEstimated);
        Assert.Equal(13_476_839_424 / 2, facts.Parameters);
    }

    [Fact]
    public async Task Weights_left_as_git_lfs_pointers_are_a_fact_not_an_error()
    {
        var pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:d5d9a9d7a2b18fa5ddfd705711a72e0042e2d71cf70bcb8c03787846d64d618a\nsize 1415337224\n"u8.ToArray();
        var source = new InMemoryArtifactSource()
            .Add("config.json", Encoding.UTF8.GetBytes(TinyModels.BertConfig()))
            .Add("model.safetensors", pointer);

        var report = await InspectAsync(source);

        Assert.Empty(report.Artifacts.Problems);
        Assert.Equal(1415337224, report.Artifacts.LfsPointers["model.safetensors"].Size);
        Assert.Equal(1415337224, report.Facts.WeightBytes);
    }

    [Fact]
    public async Task A_broken_file_is_a_problem_and_the_rest_is_still_read()
    {
        var source = new InMemoryArtifactSource()
            .Add("config.json", Encoding.UTF8.GetBytes(TinyModels.BertConfig()))
            .Add("model.safetensors", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, (byte)'{', (byte)'}'])
            .Add("README.md", "---\nlicense: [mit\n---\n"u8.ToArray());

        var report = await InspectAsync(source);

        Assert.Equal(["README.md", "model.safetensors"], report.Artifacts.Problems.Select(p => p.File));
        Assert.All(report.Artifacts.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Problem)));
        Assert.Equal("bert", report.Facts.ModelType);
        Assert.True(report.Facts.ParametersEstimated);
    }

    [Fact]
    public async Task An_onnx_model_is_fingerprinted_from_its_graph()
    {
        var source = new InMemoryArtifactSource().Add("model.onnx", OnnxSampleModels.ConvNetWithControlFlow().ToBytes());

        var report = await InspectAsync(source);

        Assert.Empty(report.Artifacts.Problems);
        Assert.Equal("onnx", report.Fingerprint.HashBasis);
        Assert.Contains(report.Fingerprint.Vectors.L.Keys, k => k.StartsWith("([INPUT], ", StringComparison.Ordinal));
        Assert.Contains(report.Fingerprint.Vectors.P.Keys, k => k.StartsWith("Conv ", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Fingerprint.Vectors.P.Keys, k => k.Contains("<group, 1>", StringComparison.Ordinal));
        Assert.Equal("onnx", report.Facts.ParameterSource);
        Assert.True(report.Facts.OnnxOperators["Conv"] >= 1);
    }

    [Fact]
    public async Task A_gguf_model_gives_its_architecture_size_label_and_quantization()
    {
        var gguf = new GgufBuilder()
            .AddString("general.architecture", "llama")
            .AddString("general.size_label", "1M")
            .AddUInt32("general.file_type", 15)
            .AddUInt32("llama.block_count", 2)
            .AddUInt32("llama.embedding_length", 256)
            .AddTensor("token_embd.weight", "Q4_K", 300, 256)
            .AddTensor("blk.0.attn_q.weight", "Q4_K", 256, 256)
            .AddTensor("blk.1.attn_q.weight", "Q4_K", 256, 256)
            .AddTensor("output_norm.weight", "F32", 256);
        var source = new InMemoryArtifactSource().Add("tiny-Q4_K_M.gguf", gguf.ToBytes());

        var facts = (await InspectAsync(source)).Facts;

        Assert.Equal("llama", facts.ModelType);
        Assert.Equal("1M", facts.GgufSizeLabel);
        Assert.Equal("Q4_K_M", facts.Quantization);
        Assert.Equal(2, facts.Blocks);
        Assert.Equal(256, facts.HiddenSize);
        Assert.Equal((300 * 256) + (2 * 256 * 256) + 256, facts.Parameters);
    }

    [RealDataFact]
    public async Task Every_real_model_folder_inspects_without_a_problem()
    {
        var rows = LabelsCsv.Read(RealData.LabelsCsv);
        foreach (var row in rows)
        {
            await using var source = new LocalFolderSource(row.ModelFolder);
            var report = await InspectAsync(source);

            Assert.True(report.Artifacts.Problems.Count == 0, $"{row.ModelFolder}: {string.Join("; ", report.Artifacts.Problems)}");
            Assert.Equal(row.ModelType.Length == 0 ? null : row.ModelType, report.Facts.ModelType);
            if (row.HiddenSize.Length > 0 && row.NumLayers.Length > 0 && row.ModelType is not ("" or "sam" or "clap"))
            {
                Assert.True(report.Facts.Parameters is > 0, $"{row.ModelFolder}: no parameter count");
            }
        }
    }

    [RealDataFact]
    public async Task Every_real_onnx_and_safetensors_file_inspects_and_fingerprints()
    {
        foreach (var file in RealData.OnnxFiles().Concat(RealData.SafetensorsFiles()))
        {
            await using var source = new SingleFileSource(file);
            var report = await InspectAsync(source);

            Assert.True(report.Artifacts.Problems.Count == 0, $"{file}: {string.Join("; ", report.Artifacts.Problems)}");
            Assert.True(report.Fingerprint.LayerCount > 0, $"{file}: empty fingerprint");
            Assert.Equal(64, report.Fingerprint.Hash.Length);
        }
    }

    /// <summary>Passes reads through, holding each whole-file read open a moment to see how many overlap.</summary>
    private sealed class OverlapCountingSource(IArtifactSource inner) : IArtifactSource
    {
        private int _inFlight;
        private int _most;

        public int MostWholeReadsAtOnce => Volatile.Read(ref _most);

        public string Description => inner.Description;

        public string? RepoId => inner.RepoId;

        public string? Revision => inner.Revision;

        public ReadStatistics Statistics => inner.Statistics;

        public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public async Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _most, now);
            try
            {
                await Task.Delay(50, cancellationToken);
                return await inner.ReadAllAsync(path, maxBytes, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default) =>
            inner.ReadRangeAsync(path, offset, count, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
