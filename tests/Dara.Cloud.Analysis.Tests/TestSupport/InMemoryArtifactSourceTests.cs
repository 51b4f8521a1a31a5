using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.TestSupport;

/// <summary>The in-memory source other tests rely on behaves like a real source.</summary>
public sealed class InMemoryArtifactSourceTests
{
    private static InMemoryArtifactSource Source() =>
        new InMemoryArtifactSource("memory", "owner/model", "main")
            .Add("config.json", "{\"model_type\":\"bert\"}")
            .Add("weights/model.safetensors", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    [Fact]
    public async Task Files_are_listed_in_path_order_with_their_sizes()
    {
        var entries = await Source().ListAsync();

        Assert.Equal([new ArtifactEntry("config.json", 21), new ArtifactEntry("weights/model.safetensors", 10)], entries);
        Assert.Equal("model.safetensors", entries[1].FileName);
    }

    [Fact]
    public async Task A_ranged_read_returns_the_bytes_there_and_the_file_length()
    {
        var source = Source();

        var middle = await source.ReadRangeAsync("weights/model.safetensors", 2, 3);
        var pastTheEnd = await source.ReadRangeAsync("weights/model.safetensors", 8, 100);
        var beyond = await source.ReadRangeAsync("weights/model.safetensors", 50, 4);

        Assert.Equal([3, 4, 5], middle.Bytes.ToArray());
        Assert.Equal(10, middle.TotalLength);
        Assert.Equal([9, 10], pastTheEnd.Bytes.ToArray());
        Assert.True(beyond.Bytes.IsEmpty);
        Assert.Equal(3, source.Statistics.Reads);
        Assert.Equal(5, source.Statistics.BytesRead);
        Assert.Equal(new RangeRequest("weights/model.safetensors", 8, 100, 2), source.RangeReads[1]);
    }

    [Fact]
    public async Task Whole_reads_are_capped_and_counted()
    {
        var source = Source();

        var config = await source.ReadAllAsync("config.json", 100);
        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("weights/model.safetensors", 9));

        Assert.Equal(21, config.Length);
        Assert.Equal("weights/model.safetensors", error.File);
        Assert.Equal(1, source.Statistics.Reads);
    }

    [Fact]
    public async Task A_missing_file_is_an_artifact_error()
    {
        var error = await Assert.ThrowsAsync<ArtifactException>(() => Source().ReadRangeAsync("nope.bin", 0, 8));

        Assert.Equal("nope.bin", error.File);
        Assert.Equal("no such file in memory", error.Problem);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Source().ReadRangeAsync("config.json", 0, 1, cancelled.Token));
    }

    [Fact]
    public async Task The_source_reports_its_identity_and_disposal()
    {
        var source = Source();

        await source.DisposeAsync();

        Assert.Equal(("memory", "owner/model", "main"), (source.Description, source.RepoId, source.Revision));
        Assert.True(source.IsDisposed);
    }
}
