using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Grains.Analysis;

namespace Dara.Cloud.Grains.Tests.Analysis;

public sealed class UploadedArtifactSourceTests
{
    private static UploadedArtifactSource Source(params ArtifactFile[] files) => new(ArtifactSet.From(files), "acme/model");

    [Fact]
    public async Task Files_are_listed_with_their_declared_length()
    {
        await using var source = Source(new ArtifactFile("config.json", 2, "{}"u8.ToArray()), new ArtifactFile("model.safetensors", 5_000, new byte[100]));

        var files = await source.ListAsync();

        Assert.Equal(["config.json:2", "model.safetensors:5000"], files.Select(f => $"{f.Path}:{f.Size}"));
    }

    [Fact]
    public async Task A_range_within_the_head_reports_the_whole_files_length()
    {
        var head = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        await using var source = Source(new ArtifactFile("model.safetensors", 5_000, head));

        var read = await source.ReadRangeAsync("model.safetensors", 10, 20);

        Assert.Equal(head[10..30], read.Bytes.ToArray());
        Assert.Equal(5_000, read.TotalLength);
    }

    [Fact]
    public async Task A_range_running_past_the_head_returns_the_head_and_one_starting_past_it_says_what_was_uploaded()
    {
        await using var source = Source(new ArtifactFile("model.safetensors", 5_000, new byte[100]));

        Assert.Equal(40, (await source.ReadRangeAsync("model.safetensors", 60, 4096)).Bytes.Length);
        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadRangeAsync("model.safetensors", 100, 8));
        Assert.Equal("model.safetensors", error.File);
        Assert.Contains("only the first 100 bytes of model.safetensors were uploaded", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("model.safetensors", 10_000));
    }

    [Fact]
    public async Task Reading_an_uploaded_onnx_graph_leaves_the_upload_as_it_came()
    {
        // The ONNX reader hides weights from the parser in the buffer it is given; the upload is kept and stored as is.
        var graph = Dara.Cloud.Testing.Builders.OnnxSampleModels.ConvNetWithControlFlow().ToBytes();
        var upload = graph.ToArray();
        await using var source = Source(new ArtifactFile("model.onnx", upload.Length, upload));

        var read = await Dara.Cloud.Analysis.Formats.Onnx.OnnxGraphReader.ReadAsync(source, "model.onnx", 1 << 20);

        Assert.NotEmpty(read.Nodes);
        Assert.Equal(graph, upload);
        Assert.NotSame(upload, await source.ReadAllAsync("model.onnx", 1 << 20));
    }

    [Fact]
    public async Task Reading_at_the_end_of_a_whole_file_returns_nothing()
    {
        await using var source = Source(new ArtifactFile("config.json", 2, "{}"u8.ToArray()));

        var read = await source.ReadRangeAsync("config.json", 2, 10);

        Assert.True(read.Bytes.IsEmpty);
        Assert.Equal("{}"u8.ToArray(), await source.ReadAllAsync("config.json", 10));
        await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("config.json", 1));
        await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("missing.json", 10));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../config.json")]
    [InlineData("a\\b.json")]
    public void An_upload_with_an_unsafe_path_is_refused(string path) =>
        Assert.Throws<ArgumentException>(() => ArtifactSetRules.Validate(ArtifactSet.From([new ArtifactFile(path, 2, "{}"u8.ToArray())])));

    [Fact]
    public void An_upload_with_a_head_longer_than_its_file_or_a_path_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ArtifactSetRules.Validate(ArtifactSet.From([new ArtifactFile("a.json", 1, "{}"u8.ToArray())])));
        Assert.Throws<ArgumentException>(() => ArtifactSetRules.Validate(new ArtifactSet([new ArtifactFile("a.json", 2, "{}"u8.ToArray()), new ArtifactFile("a.json", 2, "{}"u8.ToArray())], "")));
        Assert.Throws<ArgumentException>(() => ArtifactSetRules.Validate(ArtifactSet.From([])));
    }

    [Fact]
    public void The_content_hash_ignores_file_order_and_sees_every_byte_and_length()
    {
        var a = new ArtifactFile("a.json", 2, "{}"u8.ToArray());
        var b = new ArtifactFile("b.bin", 10, [1, 2, 3]);

        Assert.Equal(ArtifactSet.ComputeHash([a, b]), ArtifactSet.ComputeHash([b, a]));
        Assert.NotEqual(ArtifactSet.ComputeHash([a, b]), ArtifactSet.ComputeHash([a, b with { Length = 11 }]));
        Assert.NotEqual(ArtifactSet.ComputeHash([a, b]), ArtifactSet.ComputeHash([a, b with { Content = [1, 2, 4] }]));
    }
}
