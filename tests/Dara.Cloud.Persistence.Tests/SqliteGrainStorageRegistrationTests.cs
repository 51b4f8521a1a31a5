using Dara.Cloud.Persistence.Conformance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;

namespace Dara.Cloud.Persistence.Tests;

/// <summary>How the provider is registered and configured: bound from <c>Dara:DataDirectory</c>, validated at startup.</summary>
public sealed class SqliteGrainStorageRegistrationTests
{
    private const string ProviderName = "state";

    [Fact]
    public void The_data_directory_defaults_to_data_under_the_working_directory()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddSqliteGrainStorage(ProviderName));

        var options = OptionsOf(host);

        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "dara.db")), options.DatabasePath);
    }

    [Fact]
    public void The_data_directory_is_read_from_configuration()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dara-configured");
        using var host = UnstartedSilo.Build(silo => silo.AddSqliteGrainStorage(ProviderName), new() { ["Dara:DataDirectory"] = directory });

        Assert.Equal(Path.Combine(directory, "dara.db"), OptionsOf(host).DatabasePath);
    }

    [Fact]
    public void Code_configuration_runs_after_the_configuration_file()
    {
        using var host = UnstartedSilo.Build(
            silo => silo.AddSqliteGrainStorage(ProviderName, options => options.DatabaseFileName = "state.db"),
            new() { ["Dara:DataDirectory"] = "/srv/dara", ["Dara:DatabaseFileName"] = "ignored.db" });

        Assert.Equal("/srv/dara/state.db", OptionsOf(host).DatabasePath);
    }

    [Fact]
    public async Task An_empty_data_directory_stops_the_host_at_startup()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddSqliteGrainStorage(ProviderName), new() { ["Dara:DataDirectory"] = " " });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Dara:DataDirectory", exception.Message);
    }

    [Theory]
    [InlineData("sub/dara.db")]
    [InlineData("..")]
    [InlineData("")]
    public void A_database_file_name_that_is_not_a_plain_file_name_is_rejected(string fileName)
    {
        using var host = UnstartedSilo.Build(silo => silo.AddSqliteGrainStorage(ProviderName, options => options.DatabaseFileName = fileName));

        var exception = Assert.Throws<OptionsValidationException>(() => OptionsOf(host));

        Assert.Contains("DatabaseFileName", exception.Message);
    }

    [Fact]
    public void Registered_as_default_it_stores_the_state_of_grains_that_name_no_storage()
    {
        using var host = UnstartedSilo.Build(silo => silo.AddSqliteGrainStorageAsDefault());

        var storage = host.Services.GetRequiredService<IGrainStorage>();

        Assert.IsType<SqliteGrainStorage>(storage);
        Assert.Same(storage, host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
    }

    private static SqliteGrainStorageOptions OptionsOf(IHost host) =>
        host.Services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(ProviderName);
}
