using System.Text;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.WeightMaps;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Formats.WeightMaps;

public sealed class WeightMapReaderTests
{
    private const string SafetensorsIndex = "model.safetensors.index.json";
    private const string PickleIndex = "pytorch_model.bin.index.json";

    private static WeightMap Parse(string json, string file = SafetensorsIndex) =>
        WeightMapReader.Parse(file, Encoding.UTF8.GetBytes(json));

    private static ArtifactException Rejects(string json, string file = SafetensorsIndex)
    {
        var error = Assert.Throws<ArtifactException>(() => Parse(json, file));
        Assert.Equal(file, error.File);
        return error;
    }

    private static string Index(IEnumerable<(string Tensor, string Shard)> entries, string metadata = """{"total_size":100}""") =>
        $$$"""{"metadata":{{{metadata}}},"weight_map":{{{{string.Join(",", entries.Select(e => $"\"{e.Tensor}\":\"{e.Shard}\""))}}}}}""";

    [Fact]
    public void A_safetensors_index_gives_its_shards_sizes_and_tensor_map()
    {
        var map = Parse("""
            {"metadata":{"total_size":16582751232,"total_parameters":8021025280,"mergekit_version":"0.0.4.4"},
             "dtype":"bfloat16",
             "weight_map":{"lm_head.weight":"model-00002-of-00002.safetensors",
                           "model.embed_tokens.weight":"model-00001-of-00002.safetensors",
                           "model.norm.weight":"model-00002-of-00002.safetensors"}}
            """);

        Assert.Equal("safetensors", map.Format);
        Assert.Equal(16_582_751_232, map.TotalSize);
        Assert.Equal(8_021_025_280, map.TotalParameters);
        Assert.Equal(3, map.TensorToShard.Count);
        Assert.Equal("model-00001-of-00002.safetensors", map.TensorToShard["model.embed_tokens.weight"]);
        Assert.Equal(["model-00002-of-00002.safetensors", "model-00001-of-00002.safetensors"], map.Shards);
    }

    [Fact]
    public void A_pytorch_index_is_a_pickle_weight_map()
    {
        var map = Parse(Index([("a", "pytorch_model-00001-of-00002.bin"), ("b", "pytorch_model-00002-of-00002.bin")]), PickleIndex);

        Assert.Equal("pickle", map.Format);
    }

    [Fact]
    public void A_diffusers_index_in_a_subfolder_parses()
    {
        var map = Parse(
            Index([("blocks.0.attn.weight", "diffusion_pytorch_model-00001-of-00003.safetensors")]),
            "transformer/diffusion_pytorch_model.safetensors.index.json");

        Assert.Equal("safetensors", map.Format);
        Assert.Equal("diffusion_pytorch_model-00001-of-00003.safetensors", Assert.Single(map.Shards));
    }

    [Theory]
    [InlineData("13731385408", 13_731_385_408L)]
    [InlineData("13731385408.0", 13_731_385_408L)]
    [InlineData("\"13731385408\"", 13_731_385_408L)]
    [InlineData("\"1.5e3\"", 1500L)]
    [InlineData("0", 0L)]
    [InlineData("-5", null)]
    [InlineData("1.5", null)]
    [InlineData("\"twelve\"", null)]
    [InlineData("null", null)]
    [InlineData("[1]", null)]
    public void Total_size_may_be_a_number_or_a_numeric_string(string value, long? expected)
    {
        var map = Parse(Index([("a", "m.safetensors")], $$"""{"total_size":{{value}}}"""));

        Assert.Equal(expected, map.TotalSize);
    }

    [Fact]
    public void Missing_or_null_metadata_leaves_the_totals_unknown()
    {
        Assert.Null(Parse("""{"weight_map":{"a":"m.safetensors"}}""").TotalSize);
        Assert.Null(Parse("""{"metadata":null,"weight_map":{"a":"m.safetensors"}}""").TotalParameters);
    }

    [Theory]
    [InlineData("../../etc/passwd.safetensors")]
    [InlineData("shards/../../x.safetensors")]
    [InlineData("/abs/model.safetensors")]
    [InlineData("https://evil.example/model.safetensors")]
    [InlineData("")]
    public void Unsafe_shard_paths_are_rejected(string shard)
    {
        var error = Rejects(Index([("a", "model.safetensors"), ("b", shard)]));

        Assert.Contains("unsafe shard path", error.Problem);
    }

    [Fact]
    public void Shards_in_a_subfolder_are_allowed()
    {
        Assert.Equal("shards/model-00001.safetensors", Parse(Index([("a", "shards/model-00001.safetensors")])).Shards[0]);
    }

    [Fact]
    public void More_than_10000_shards_are_rejected()
    {
        var entries = Enumerable.Range(0, WeightMapReader.MaxShards + 1).Select(i => ($"t{i}", $"model-{i:D6}.safetensors"));

        Assert.Contains("more than 10,000 shard files", Rejects(Index(entries)).Problem);
    }

    [Fact]
    public void Exactly_10000_shards_are_accepted()
    {
        var entries = Enumerable.Range(0, WeightMapReader.MaxShards).Select(i => ($"t{i}", $"model-{i:D6}.safetensors"));

        Assert.Equal(WeightMapReader.MaxShards, Parse(Index(entries)).Shards.Count);
    }

    [Fact]
    public void More_than_a_million_tensors_are_rejected()
    {
        var json = new StringBuilder("{\"weight_map\":{");
        for (var i = 0; i <= WeightMapReader.MaxTensors; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("\"t").Append(i).Append("\":\"m.safetensors\"");
        }

        json.Append("}}");

        Assert.Contains("more than 1,000,000 tensors", Rejects(json.ToString()).Problem);
    }

    [Fact]
    public void A_tensor_listed_twice_is_rejected()
    {
        Assert.Contains("'a' twice", Rejects(Index([("a", "m.safetensors"), ("a", "n.safetensors")])).Problem);
    }

    [Theory]
    [InlineData("""{"metadata":{}}""", "no \"weight_map\" object")]
    [InlineData("""[]""", "must be a JSON object")]
    [InlineData("""{"weight_map":[]}""", "\"weight_map\" must be an object")]
    [InlineData("""{"weight_map":{"a":3}}""", "maps to 3, not a shard file name")]
    [InlineData("""{"weight_map":{},"weight_map":{}}""", "the key 'weight_map' twice")]
    [InlineData("""{"metadata":"x","weight_map":{}}""", "\"metadata\" must be an object")]
    [InlineData("""{"weight_map":{"a":"m.safetensors"}""", "not valid JSON")]
    [InlineData("""{"weight_map":{"a":"model.h5"}}""", "neither a .safetensors nor a pickle weight file")]
    [InlineData("""{"weight_map":{"a":"m.safetensors","b":"m.bin"}}""", "mixes 1 safetensors and 1 pickle shards")]
    public void Malformed_indexes_are_rejected_with_what_is_wrong(string json, string expected)
    {
        Assert.Contains(expected, Rejects(json).Problem);
    }

    [Fact]
    public void Deeply_nested_extras_are_rejected_with_a_clear_message()
    {
        var deep = new string('[', 80) + new string(']', 80);

        Assert.Equal("weight map JSON is nested deeper than 64 levels", Rejects($$$"""{"extra":{{{deep}}},"weight_map":{}}""").Problem);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"weight_map":{"a":"m.safetensors"}}""");
        bytes[16] = 0xC3;

        Assert.Contains("not valid UTF-8", Assert.Throws<ArtifactException>(() => WeightMapReader.Parse(SafetensorsIndex, bytes)).Problem);
    }

    [Fact]
    public void An_empty_map_takes_its_format_from_the_index_name()
    {
        Assert.Equal("safetensors", Parse("""{"weight_map":{}}""").Format);
        Assert.Equal("pickle", Parse("""{"weight_map":{}}""", PickleIndex).Format);
    }

    [Fact]
    public async Task An_index_is_read_through_a_source()
    {
        var source = new InMemoryArtifactSource().Add("sub/" + SafetensorsIndex, Index([("a", "m.safetensors")]));

        var map = await WeightMapReader.ReadAsync(source, "sub/" + SafetensorsIndex, CancellationToken.None);

        Assert.Equal("sub/" + SafetensorsIndex, map.File);
        Assert.Equal(100, map.TotalSize);
    }

    [Theory]
    [InlineData("pytorch_model.bin", true)]
    [InlineData("model.PT", true)]
    [InlineData("weights/last.pth", true)]
    [InlineData("data.pkl", true)]
    [InlineData("sd-v1-5.ckpt", true)]
    [InlineData("model.safetensors", false)]
    [InlineData("model.bin.index.json", false)]
    [InlineData("tokenizer.json", false)]
    public void Pickle_weight_files_are_recognised_by_extension(string path, bool expected)
    {
        Assert.Equal(expected, PickleFiles.IsPickleWeightFile(path));
    }

    [Theory]
    [InlineData("model.safetensors.index.json", true)]
    [InlineData("pytorch_model.bin.index.json", true)]
    [InlineData("unet/diffusion_pytorch_model.safetensors.index.json", true)]
    [InlineData("tf_model.h5.index.json", false)]
    [InlineData("config.json", false)]
    public void Weight_map_files_are_recognised_by_name(string path, bool expected)
    {
        Assert.Equal(expected, WeightMapReader.IsWeightMapFile(path));
    }

    public static TheoryData<string> RealIndexes()
    {
        var data = new TheoryData<string>();
        if (RealData.SkipReason is null)
        {
            foreach (var file in Directory.EnumerateFiles(RealData.HfConfigs, "*.index.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RealData.HfConfigs, file));
            }
        }

        return data;
    }

    [RealDataTheory]
    [MemberData(nameof(RealIndexes))]
    public void Every_real_index_parses_to_its_tensors_and_total_size(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RealData.HfConfigs, relativePath));
        using var document = JsonDocument.Parse(bytes);
        var expected = document.RootElement;

        var map = WeightMapReader.Parse(relativePath, bytes);

        var weightMap = expected.GetProperty("weight_map").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(weightMap.Count, map.TensorToShard.Count);
        Assert.All(weightMap, entry => Assert.Equal(entry.Value, map.TensorToShard[entry.Key]));
        Assert.Equal(weightMap.Values.Distinct(), map.Shards);
        Assert.Equal(relativePath.EndsWith(".safetensors.index.json", StringComparison.Ordinal) ? "safetensors" : "pickle", map.Format);
        Assert.Equal((long)expected.GetProperty("metadata").GetProperty("total_size").GetDouble(), map.TotalSize);
    }

    [RealDataFact]
    public void The_development_set_has_both_kinds_of_index()
    {
        var indexes = ((IEnumerable<object[]>)RealIndexes()).Select(row => (string)row[0]).ToList();

        Assert.Contains(indexes, i => i.EndsWith(".safetensors.index.json", StringComparison.Ordinal));
        Assert.Contains(indexes, i => i.EndsWith(".bin.index.json", StringComparison.Ordinal));
    }
}
