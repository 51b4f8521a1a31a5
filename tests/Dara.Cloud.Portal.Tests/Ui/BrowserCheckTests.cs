using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Portal.Components.Check;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Portal.Ui;
using Dara.Cloud.Portal.Uploads;
using Dara.Cloud.Testing.Builders;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Portal.Tests.Ui;

public sealed class BrowserCheckTests
{
    private static readonly BrowserCheck Check = new(Options.Create(new UploadOptions { MaxDocumentBytes = 4096, MaxKeptBytes = 16 * 1024 }));

    [Fact]
    public async Task Dropped_files_become_the_artifacts_the_api_would_receive_with_only_the_safetensors_header()
    {
        var weights = new SafetensorsBuilder().Add("bert.embeddings.word_embeddings.weight", "F32", 1000, 64).ToBytes();
        var config = """{"model_type": "bert"}"""u8.ToArray();
        var safetensors = new DroppedFile("model.safetensors", weights);

        var set = await Check.ReadAsync([Dropped("config.json", config), new CheckFile(safetensors, CheckFileKind.Safetensors)], CancellationToken.None);

        Assert.Equal(["config.json", "model.safetensors"], set.Files.Select(f => f.Path));
        Assert.Equal(config, set.Files[0].Content);
        var header = set.Files[1];
        Assert.Equal(weights.LongLength, header.Length);
        Assert.True(header.Content.Length < weights.Length);
        Assert.Equal(weights.AsSpan(0, header.Content.Length).ToArray(), header.Content);
        Assert.Equal(header.Content.Length, safetensors.BytesRead);
        Assert.Equal(ArtifactSet.ComputeHash(set.Files), set.ContentHash);
    }

    [Fact]
    public async Task A_document_over_its_limit_is_refused_by_name_before_it_is_read()
    {
        var big = new DroppedFile("README.md", new byte[5000]);

        var problem = await Assert.ThrowsAsync<ArtifactException>(() => Check.ReadAsync([new CheckFile(big, CheckFileKind.ModelCard)], CancellationToken.None));

        Assert.Contains("README.md", problem.Message, StringComparison.Ordinal);
        Assert.Contains("limit", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, big.BytesRead);
    }

    [Fact]
    public async Task A_file_over_its_limit_is_told_its_size_and_the_limit_in_binary_units()
    {
        var big = new DroppedFile("README.md", new byte[5000]);

        var problem = await Assert.ThrowsAsync<ArtifactException>(() => Check.ReadAsync([new CheckFile(big, CheckFileKind.ModelCard)], CancellationToken.None));

        // It read "5,000-byte is over the 4 KiB limit": a size as an adjective with nothing to qualify.
        Assert.Equal("README.md: 4.9 KiB is over the 4 KiB limit for this kind of file", problem.Message);
    }

    [Fact]
    public async Task A_file_a_byte_over_its_limit_is_told_both_in_bytes_rather_than_two_equal_figures()
    {
        var big = new DroppedFile("README.md", new byte[4097]);

        var problem = await Assert.ThrowsAsync<ArtifactException>(() => Check.ReadAsync([new CheckFile(big, CheckFileKind.ModelCard)], CancellationToken.None));

        // Rounded, both are 4 KiB: "4 KiB is over the 4 KiB limit" would explain nothing.
        Assert.Equal("README.md: 4,097 bytes is over the 4,096-byte limit for this kind of file", problem.Message);
    }

    [Fact]
    public async Task Files_together_over_what_a_check_keeps_are_refused_naming_the_limit()
    {
        var files = Enumerable.Range(0, 5).Select(i => Dropped($"{i}.index.json", new byte[4000], CheckFileKind.WeightMap)).ToArray();

        var problem = await Assert.ThrowsAsync<ArtifactException>(() => Check.ReadAsync(files, CancellationToken.None));

        Assert.Contains("together exceed the 16 KiB a check takes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_safetensors_file_whose_header_runs_past_its_end_is_kept_as_read_for_the_engine_to_report_as_the_api_does()
    {
        var broken = new byte[16];
        BitConverter.TryWriteBytes(broken.AsSpan(0, 8), 1000UL);
        var config = """{"model_type": "bert"}"""u8.ToArray();

        var set = await Check.ReadAsync([Dropped("config.json", config), new CheckFile(new DroppedFile("broken.safetensors", broken), CheckFileKind.Safetensors)], CancellationToken.None);

        // The page used to refuse the whole check for this one file, while the API checked the config and listed it.
        var kept = set.Files.Single(f => f.Path == "broken.safetensors");
        Assert.Equal(16L, kept.Length);
        Assert.Equal(broken, kept.Content);
    }

    [Fact]
    public void A_hub_model_the_hub_could_not_serve_is_no_verdict_but_says_the_hub_was_out_of_reach()
    {
        var verdict = new VerdictRecord("unreadable", 0, "acme/x", [], "{}", "v", null, "h", null, DateTimeOffset.UnixEpoch);
        var outcome = new AnalysisOutcome(verdict, "{}", ["hf:acme/x: connection refused"], SourceUnavailable: true);

        var problem = Assert.Throws<ModelSourceUnavailableException>(() => BrowserCheck.DocumentOf("acme/x", outcome));

        Assert.Contains("Hugging Face Hub", problem.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", problem.Message, StringComparison.Ordinal);
    }

    private static CheckFile Dropped(string name, byte[] bytes, CheckFileKind kind = CheckFileKind.Config) => new(new DroppedFile(name, bytes), kind);
}
