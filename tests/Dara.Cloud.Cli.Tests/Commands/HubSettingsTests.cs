namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>The tests that change the process's Hub settings (HF_ENDPOINT, HF_TOKEN) run alone: other tests read them.</summary>
[CollectionDefinition(nameof(HubEnvironment), DisableParallelization = true)]
public sealed class HubEnvironment;

/// <summary>Malformed Hub settings are one line for hf: sources and no concern of local ones.</summary>
[Collection(nameof(HubEnvironment))]
public sealed class HubSettingsTests : IDisposable
{
    private readonly string _model = Directory.CreateTempSubdirectory("dara-cli-hub-").FullName;

    public HubSettingsTests()
    {
        File.WriteAllText(Path.Combine(_model, "config.json"), """{"model_type": "bert", "architectures": ["BertModel"]}""");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", null);
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
        Directory.Delete(_model, recursive: true);
    }

    [Fact]
    public async Task A_malformed_endpoint_does_not_stop_a_local_check()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", "not-an-address");

        var run = await CliRun.RunAsync("check", _model, "--name", "acme/bert-base", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.OutLines);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task A_malformed_endpoint_is_one_line_for_a_hub_source()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", "not-an-address");

        var run = await CliRun.RunAsync("inspect", "hf:acme/bert-base");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("hf:acme/bert-base: HF_ENDPOINT is not an http(s) address: 'not-an-address'", run.Error.TrimEnd());
    }

    [Fact]
    public async Task A_token_that_cannot_be_sent_is_one_line_saying_where_tokens_come_from()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", "http://127.0.0.1:9");
        Environment.SetEnvironmentVariable("HF_TOKEN", "hf_with space");

        var run = await CliRun.RunAsync("check", "hf:acme/bert-base");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "hf:acme/bert-base: the Hub token (HF_TOKEN, else the file HF_TOKEN_PATH or $HF_HOME/token) must be printable ASCII without spaces",
            run.Error.TrimEnd());
    }
}
