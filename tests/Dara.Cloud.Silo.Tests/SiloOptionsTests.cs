using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Silo.Tests;

public sealed class SiloOptionsTests
{
    [Theory]
    [InlineData("Dara:Clustering:Mode", "AzureStorage", "Dara:Clustering:ConnectionString is required")]
    [InlineData("Dara:Clustering:GatewayPort", "11111", "two different ports")]
    [InlineData("Dara:Clustering:SiloPort", "70000", "two different ports")]
    [InlineData("Dara:DataDirectory", " ", "Dara:DataDirectory")]
    [InlineData("Dara:Clustering:AdvertisedAddress", "silo-a", "not an IP address")]
    public void Settings_a_silo_cannot_start_with_fail_when_it_is_added(string key, string value, string expected)
    {
        var builder = DaraHosts.Builder(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddDaraSilo());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_that_does_not_exist_is_refused()
    {
        var builder = DaraHosts.Builder(new Dictionary<string, string?> { ["Dara:Storage"] = "Redis" });

        Assert.ThrowsAny<InvalidOperationException>(() => builder.AddDaraSilo());
    }

    [Fact]
    public void A_client_is_checked_like_a_silo()
    {
        var builder = DaraHosts.Builder(new Dictionary<string, string?> { ["Dara:Clustering:Mode"] = "AzureStorage" });

        Assert.Throws<OptionsValidationException>(() => builder.AddDaraClient());
    }

    [Fact]
    public async Task Bad_hub_settings_stop_the_silo_at_start()
    {
        var data = Path.Combine(Path.GetTempPath(), $"dara-silo-options-{Guid.NewGuid():N}");
        var settings = DaraHosts.Localhost(data);
        settings["Dara:Hub:Endpoint"] = "ftp://hub.example";
        var builder = DaraHosts.Builder(settings);
        builder.AddDaraSilo();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Dara:Hub:Endpoint", error.Message, StringComparison.Ordinal);
    }
}
