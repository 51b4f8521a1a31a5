using Dara.Cloud.Persistence.Conformance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;

namespace Dara.Cloud.Persistence.Cosmos.Tests;

/// <summary>How the provider is registered and configured: bound from <c>Dara:Cosmos</c>, validated at startup. No server needed.</summary>
public sealed class CosmosGrainStorageRegistrationTests
{
    private const string ProviderName = "state";

    private static readonly Dictionary<string, string?> s_account = new()
    {
        ["Dara:Cosmos:AccountEndpoint"] = "https://dara.documents.azure.com:443/",
        ["Dara:Cosmos:AccountKey"] = "c2VjcmV0LWtleS1mb3ItdGVzdHM=",
    };

    [Fact]
    public void Options_are_read_from_the_Dara_Cosmos_configuration_section()
    {
        using var host = UnstartedSilo.Build(
            silo => silo.AddCosmosGrainStorage(ProviderName),
            new(s_account) { ["Dara:Cosmos:DatabaseName"] = "prod", ["Dara:Cosmos:ContainerName"] = "state", ["Dara:Cosmos:MaxThrottledRetries"] = "4" });

        var options = OptionsOf(host);

        Assert.Equal("https://dara.documents.azure.com:443/", options.AccountEndpoint);
        Assert.Equal("prod", options.DatabaseName);
        Assert.Equal("state", options.ContainerName);
        Assert.Equal(4, options.MaxThrottledRetries);
        Assert.Equal("acme", options.PartitionKeySelector("profile", GrainId.Create("model", "acme/owner/name")));
    }

    [Fact]
    public async Task A_missing_account_endpoint_stops_the_host_at_startup()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage(ProviderName, options => options.AccountKey = "key"));

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Dara:Cosmos:AccountEndpoint", exception.Message);
    }

    [Fact]
    public void An_account_without_a_key_or_a_credential_is_rejected()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage(ProviderName, options => options.AccountEndpoint = "https://dara.documents.azure.com/"));

        var exception = Assert.Throws<OptionsValidationException>(() => OptionsOf(host));

        Assert.Contains("AccountKey or a Credential", exception.Message);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("state#1")]
    [InlineData(" ")]
    public void A_container_name_cosmos_would_refuse_is_rejected(string containerName)
    {
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage(ProviderName, options => options.ContainerName = containerName), new(s_account));

        var exception = Assert.Throws<OptionsValidationException>(() => OptionsOf(host));

        Assert.Contains("ContainerName", exception.Message);
    }

    [Fact]
    public void Registered_as_default_it_stores_the_state_of_grains_that_name_no_storage()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorageAsDefault(), new(s_account));

        var storage = host.Services.GetRequiredService<IGrainStorage>();

        Assert.IsType<CosmosGrainStorage>(storage);
        Assert.Same(storage, host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
    }

    [Fact]
    public void The_account_key_never_appears_in_the_options_the_silo_logs()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddCosmosGrainStorage(ProviderName), new(s_account));

        var logged = host.Services.GetServices<IOptionFormatter>()
            .Where(formatter => formatter.Name.Contains(nameof(CosmosGrainStorageOptions), StringComparison.Ordinal))
            .SelectMany(formatter => formatter.Format())
            .ToList();

        Assert.Contains(logged, line => line.Contains("AccountEndpoint", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.Contains(s_account["Dara:Cosmos:AccountKey"]!, StringComparison.Ordinal));
    }

    private static CosmosGrainStorageOptions OptionsOf(IHost host) =>
        host.Services.GetRequiredService<IOptionsMonitor<CosmosGrainStorageOptions>>().Get(ProviderName);
}
