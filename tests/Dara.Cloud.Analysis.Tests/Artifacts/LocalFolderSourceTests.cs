using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Tests.Artifacts;

public sealed class LocalFolderSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _model;

    public LocalFolderSourceTests()
    {
        _model = _temp["model"];
        _temp.Write("model/config.json", """{"model_type":"bert"}""");
        _temp.Write("model/1_Pooling/config.json", """{"pooling_mode_mean_tokens":true}""");
        _temp.Write("model/weights.bin", Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        _temp.Write("outside/secret.txt", "do not read");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Lists_every_file_recursively_with_slash_paths_and_sizes()
    {
        await using var source = new LocalFolderSource(_model);

        var entries = await source.ListAsync();

        Assert.Equal(
            [new ArtifactEntry("1_Pooling/config.json", 33), new ArtifactEntry("config.json", 21), new ArtifactEntry("weights.bin", 256)],
            entries);
        Assert.Null(source.RepoId);
        Assert.Null(source.Revision);
        Assert.Contains(_model, source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipe_in_place_of_a_file_reads_as_empty_instead_of_waiting_for_a_writer()
    {
        var pipe = Path.Combine(_model, "model.safetensors");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", pipe))
        {
            await mkfifo.WaitForExitAsync(CancellationToken.None);
        }

        await using var source = new LocalFolderSource(_model);

        var whole = source.ReadAllAsync("model.safetensors", 1024, CancellationToken.None);
        var range = source.ReadRangeAsync("model.safetensors", 0, 8, CancellationToken.None);

        Assert.Empty(await whole.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(0, (await range.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None)).TotalLength);
    }

    [Fact]
    public async Task A_weights_file_whose_name_is_not_UTF8_is_reported_naming_it_not_silently_left_out()
    {
        // .NET lists such a name with U+FFFD and cannot open it again; the file is made through libc with its raw bytes.
        byte[] path = [.. System.Text.Encoding.UTF8.GetBytes(_model + "/"), 0xFF, 0xFE, .. ".safetensors\0"u8];
        Assert.NotEqual(-1, close(creat(path, 0x1A4)));
        Analysis.Inspection.ModelArtifacts artifacts;
        try
        {
            artifacts = await new Analysis.Inspection.ModelInspector().InspectAsync(new LocalFolderSource(_model));
        }
        finally
        {
            unlink(path); // nor can .NET delete it
        }

        var problem = Assert.Single(artifacts.Problems);
        Assert.Equal("\uFFFD\uFFFD.safetensors", problem.File);
        Assert.Equal("has a name that is not valid UTF-8 (shown with U+FFFD), so it cannot be opened; rename it", problem.Problem);
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int creat(byte[] path, int mode);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int close(int descriptor);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int unlink(byte[] path);

    [Fact]
    public async Task The_git_folder_is_not_listed()
    {
        _temp.Write("model/.git/config", "[core]");
        _temp.Write("model/.git/objects/ab/cdef", "x");
        await using var source = new LocalFolderSource(_model);

        var entries = await source.ListAsync();

        Assert.DoesNotContain(entries, entry => entry.Path.StartsWith(".git", StringComparison.Ordinal));
        Assert.Equal(3, entries.Count);
    }

    [Fact]
    public async Task Reading_a_whole_file_returns_its_bytes_and_counts_them()
    {
        await using var source = new LocalFolderSource(_model);

        var bytes = await source.ReadAllAsync("1_Pooling/config.json", maxBytes: 1024);

        Assert.Equal("""{"pooling_mode_mean_tokens":true}""", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(33, source.Statistics.BytesRead);
        Assert.Equal(1, source.Statistics.Reads);
    }

    [Fact]
    public async Task A_file_larger_than_the_cap_is_refused_without_reading_it()
    {
        await using var source = new LocalFolderSource(_model);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("weights.bin", maxBytes: 255));

        Assert.Equal("weights.bin", error.File);
        Assert.Contains("256 bytes, more than the 255-byte limit", error.Problem, StringComparison.Ordinal);
        Assert.Equal(0, source.Statistics.BytesRead);
    }

    [Fact]
    public async Task A_file_exactly_at_the_cap_is_read()
    {
        await using var source = new LocalFolderSource(_model);

        var bytes = await source.ReadAllAsync("weights.bin", maxBytes: 256);

        Assert.Equal(256, bytes.Length);
    }

    [Fact]
    public async Task A_ranged_read_returns_the_bytes_at_the_offset_and_the_total_length()
    {
        await using var source = new LocalFolderSource(_model);

        var read = await source.ReadRangeAsync("weights.bin", offset: 10, count: 5);

        Assert.Equal(new byte[] { 10, 11, 12, 13, 14 }, read.Bytes.ToArray());
        Assert.Equal(256, read.TotalLength);
        Assert.Equal(5, source.Statistics.BytesRead);
        Assert.Equal(1, source.Statistics.Reads);
    }

    [Theory]
    [InlineData(250, 100, 6)]
    [InlineData(256, 10, 0)]
    [InlineData(1000, 10, 0)]
    public async Task A_ranged_read_past_the_end_returns_only_what_is_there(long offset, int count, int expected)
    {
        await using var source = new LocalFolderSource(_model);

        var read = await source.ReadRangeAsync("weights.bin", offset, count);

        Assert.Equal(expected, read.Bytes.Length);
        Assert.Equal(256, read.TotalLength);
    }

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("1_Pooling/../../outside/secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("./config.json")]
    [InlineData("1_Pooling//config.json")]
    [InlineData("1_Pooling\\config.json")]
    [InlineData("config.json\0.txt")]
    [InlineData("")]
    public async Task Paths_that_could_leave_the_folder_are_refused(string path)
    {
        await using var source = new LocalFolderSource(_model);

        await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync(path, 1024));
        await Assert.ThrowsAsync<ArtifactException>(() => source.ReadRangeAsync(path, 0, 8));
        Assert.Equal(0, source.Statistics.Reads);
    }

    [Fact]
    public async Task A_file_link_pointing_outside_the_folder_is_refused_not_followed()
    {
        _temp.FileLink("model/tokenizer.json", "../outside/secret.txt");
        await using var source = new LocalFolderSource(_model);

        var read = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("tokenizer.json", 1024));
        var range = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadRangeAsync("tokenizer.json", 0, 4));
        var list = await Assert.ThrowsAsync<ArtifactException>(() => source.ListAsync());

        foreach (var error in new[] { read, range, list })
        {
            Assert.Equal("tokenizer.json", error.File);
            Assert.Equal("is a symbolic link that points outside the model folder", error.Problem);
        }

        Assert.Equal(0, source.Statistics.BytesRead);
    }

    [Fact]
    public async Task An_absolute_file_link_pointing_outside_the_folder_is_refused()
    {
        _temp.FileLink("model/vocab.txt", _temp["outside/secret.txt"]);
        await using var source = new LocalFolderSource(_model);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("vocab.txt", 1024));

        Assert.Equal("is a symbolic link that points outside the model folder", error.Problem);
    }

    [Fact]
    public async Task A_folder_link_pointing_outside_the_folder_is_refused_not_followed()
    {
        _temp.FolderLink("model/extra", "../outside");
        await using var source = new LocalFolderSource(_model);

        var read = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("extra/secret.txt", 1024));
        var list = await Assert.ThrowsAsync<ArtifactException>(() => source.ListAsync());

        Assert.Equal("extra/secret.txt", read.File);
        Assert.Equal("is a symbolic link that points outside the model folder", read.Problem);
        Assert.Equal("extra", list.File);
    }

    [Fact]
    public async Task A_link_chain_that_leaves_the_folder_through_a_middle_folder_link_is_refused()
    {
        // data -> ../outside is a folder link; shortcut -> data/secret.txt looks local but resolves outside.
        _temp.FolderLink("model/data", "../outside");
        _temp.FileLink("model/shortcut.txt", "data/secret.txt");
        await using var source = new LocalFolderSource(_model);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("shortcut.txt", 1024));

        Assert.Equal("shortcut.txt", error.File);
    }

    [Fact]
    public async Task Links_that_stay_inside_the_folder_are_followed()
    {
        _temp.FileLink("model/config-copy.json", "config.json");
        _temp.FolderLink("model/pooling", "1_Pooling");
        await using var source = new LocalFolderSource(_model);

        var entries = await source.ListAsync();
        var viaFolderLink = await source.ReadAllAsync("pooling/config.json", 1024);
        var viaFileLink = await source.ReadAllAsync("config-copy.json", 1024);

        Assert.Contains(new ArtifactEntry("config-copy.json", 21), entries);
        Assert.Equal(await File.ReadAllBytesAsync(_temp["model/1_Pooling/config.json"]), viaFolderLink);
        Assert.Equal(await File.ReadAllBytesAsync(_temp["model/config.json"]), viaFileLink);
    }

    [Fact]
    public async Task Listing_ends_on_a_folder_link_cycle()
    {
        _temp.FolderLink("model/1_Pooling/again", "..");
        await using var source = new LocalFolderSource(_model);

        var entries = await source.ListAsync();

        Assert.Equal(3, entries.Count);
    }

    [Fact]
    public async Task A_link_that_points_at_itself_is_refused_with_a_clear_error()
    {
        _temp.FileLink("model/loop.json", "loop.json");
        await using var source = new LocalFolderSource(_model);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("loop.json", 1024));

        Assert.Equal("too many levels of symbolic links", error.Problem);
    }

    [Fact]
    public async Task A_link_loop_among_the_files_is_listed_without_a_size_and_the_other_files_stay_readable()
    {
        _temp.FileLink("model/loop-a", "loop-b");
        _temp.FileLink("model/loop-b", "loop-a");
        await using var source = new LocalFolderSource(_model);

        var entries = await source.ListAsync();
        var config = await source.ReadAllAsync("config.json", 1024);

        Assert.Contains(new ArtifactEntry("loop-a", null), entries);
        Assert.Contains(new ArtifactEntry("loop-b", null), entries);
        Assert.NotEmpty(config);
        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadRangeAsync("loop-a", 0, 8));
        Assert.Equal("loop-a: too many levels of symbolic links", error.Message);
    }

    [Fact]
    public async Task A_missing_file_and_a_folder_give_clear_errors()
    {
        await using var source = new LocalFolderSource(_model);

        var missing = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("model.safetensors", 1024));
        var folder = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadRangeAsync("1_Pooling", 0, 8));

        Assert.Equal("model.safetensors: no such file in the model folder", missing.Message);
        Assert.Equal("1_Pooling: is a folder, not a file", folder.Message);
    }

    [Fact]
    public void A_missing_folder_is_refused()
    {
        var error = Assert.Throws<ArtifactException>(() => new LocalFolderSource(_temp["nowhere"]));

        Assert.Equal("no such folder", error.Problem);
    }
}
