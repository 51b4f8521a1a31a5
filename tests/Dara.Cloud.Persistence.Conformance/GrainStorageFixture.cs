using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace Dara.Cloud.Persistence.Conformance;

/// <summary>
/// One in-process silo with the provider under test registered as <see cref="ProviderName"/>; the conformance cases
/// call the provider that silo built, so they test it exactly as a silo configures it.
/// </summary>
public abstract class GrainStorageFixture : IAsyncLifetime
{
    /// <summary>The name the provider under test is registered with.</summary>
    public const string ProviderName = "conformance";

    private InProcessTestCluster? _cluster;

    /// <summary>The running cluster of this fixture.</summary>
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>The provider under test, as the fixture's silo built it.</summary>
    public IGrainStorage Storage => Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderName);

    /// <summary>A new single-silo cluster (not started) whose storage is the one under test, pointing at the same data.</summary>
    public InProcessTestCluster BuildCluster()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => ConfigureStorage(silo, ProviderName));
        return builder.Build();
    }

    public virtual async Task InitializeAsync()
    {
        _cluster = BuildCluster();
        await _cluster.DeployAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Registers the provider under test with <paramref name="silo"/> as <paramref name="providerName"/>.</summary>
    protected abstract void ConfigureStorage(ISiloBuilder silo, string providerName);
}
