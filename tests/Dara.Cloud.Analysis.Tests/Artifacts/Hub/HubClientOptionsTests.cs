using Dara.Cloud.Analysis.Artifacts.Hub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

public sealed class HubClientOptionsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Defaults_follow_huggingface_hub()
    {
        var options = new HubClientOptions();

        Assert.Equal(new Uri("https://huggingface.co"), options.Endpoint);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(8), options.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Null(options.Token);
        Assert.Matches(@"^dara/\d+\.\d+\.\d+", options.UserAgent);
    }

    [Fact]
    public void The_environment_gives_the_endpoint_and_the_token()
    {
        var environment = new Dictionary<string, string> { ["HF_ENDPOINT"] = "http://127.0.0.1:8080/", ["HF_TOKEN"] = " hf_abc \n", ["HF_HOME"] = _temp.Path };

        var options = HubClientOptions.FromEnvironment(environment.GetValueOrDefault);

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.Endpoint);
        Assert.Equal("hf_abc", options.Token);
    }

    [Fact]
    public void Without_HF_TOKEN_the_token_file_in_HF_HOME_is_read()
    {
        _temp.Write("token", "hf_from_file\n");

        var options = HubClientOptions.FromEnvironment(new Dictionary<string, string> { ["HF_HOME"] = _temp.Path }.GetValueOrDefault);

        Assert.Equal("hf_from_file", options.Token);
        Assert.Equal(HubClientOptions.DefaultEndpoint, options.Endpoint);
    }

    [Fact]
    public void HF_TOKEN_PATH_names_another_token_file()
    {
        var file = _temp.Write("elsewhere/my-token", "hf_elsewhere");

        var options = HubClientOptions.FromEnvironment(
            new Dictionary<string, string> { ["HF_HOME"] = _temp.Path, ["HF_TOKEN_PATH"] = file }.GetValueOrDefault);

        Assert.Equal("hf_elsewhere", options.Token);
    }

    [Fact]
    public void No_token_anywhere_means_anonymous()
    {
        var options = HubClientOptions.FromEnvironment(new Dictionary<string, string> { ["HF_HOME"] = _temp.Path }.GetValueOrDefault);

        Assert.Null(options.Token);
    }

    [Theory]
    [InlineData("ftp://example.org")]
    [InlineData("not a url")]
    public void A_bad_HF_ENDPOINT_fails_fast(string endpoint)
    {
        Assert.Throws<ArgumentException>(() =>
            HubClientOptions.FromEnvironment(new Dictionary<string, string> { ["HF_ENDPOINT"] = endpoint, ["HF_HOME"] = _temp.Path }.GetValueOrDefault));
    }

    [Fact]
    public void Out_of_range_options_are_refused_by_the_client()
    {
        Assert.Throws<ArgumentException>(() => new HubClient(new HubClientOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new HubClient(new HubClientOptions { MaxRetries = -1 }));
        Assert.Throws<ArgumentException>(() => new HubClient(new HubClientOptions { Token = "hf bad" }));
        Assert.Throws<ArgumentException>(() => new HubClient(new HubClientOptions { BaseDelay = TimeSpan.FromSeconds(9) }));
    }
}
