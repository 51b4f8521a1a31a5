using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Tests.Artifacts;

public sealed class SingleFileSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Lists_just_the_file_under_its_name_and_reads_it()
    {
        var file = _temp.Write("models/tiny.gguf", "GGUF\u0003\0\0\0"u8.ToArray());
        await using var source = new SingleFileSource(file);

        var entries = await source.ListAsync();
        var head = await source.ReadRangeAsync("tiny.gguf", 0, 4);
        var all = await source.ReadAllAsync("tiny.gguf", 100);

        Assert.Equal([new ArtifactEntry("tiny.gguf", 8)], entries);
        Assert.Equal("GGUF"u8.ToArray(), head.Bytes.ToArray());
        Assert.Equal(8, head.TotalLength);
        Assert.Equal(8, all.Length);
        Assert.Equal(12, source.Statistics.BytesRead);
    }

    [Fact]
    public async Task Any_other_path_is_not_in_the_source()
    {
        var file = _temp.Write("tiny.gguf", "GGUF"u8.ToArray());
        _temp.Write("config.json", "{}");
        await using var source = new SingleFileSource(file);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("config.json", 100));

        Assert.Equal("config.json", error.File);
        Assert.Contains("single file tiny.gguf", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cap_applies()
    {
        var file = _temp.Write("model.onnx", new byte[1000]);
        await using var source = new SingleFileSource(file);

        await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("model.onnx", 999));
    }

    [Fact]
    public void A_missing_file_or_a_folder_is_refused()
    {
        Assert.Equal("no such file", Assert.Throws<ArtifactException>(() => new SingleFileSource(_temp["none.gguf"])).Problem);
        Assert.Equal("is a folder, not a file", Assert.Throws<ArtifactException>(() => new SingleFileSource(_temp.Path)).Problem);
    }
}
