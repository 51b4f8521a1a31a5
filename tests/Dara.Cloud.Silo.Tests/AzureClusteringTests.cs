using System.Globalization;
using Dara.Cloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Dara.Cloud.Silo.Tests;

/// <summary>
/// Scale-out: two silos forming one cluster through Azure Table membership (Azurite), sharing one SQLite file for grain
/// state, a portal as a client. One silo leaves mid-test; its models come back on the other with their state.
/// </summary>
[Trait("Needs", "Azurite")]
public sealed class AzureClusteringTests : IAsyncLifetime
{
    private const string ConnectionStringVariable = "DARA_AZURITE_CONNECTION_STRING";

    private readonly SiloDataFolder _dataFolder = new("cluster");
    private LocalEmulators? _azurite;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } connectionString)
        {
            _connectionString = connectionString;
            return;
        }

        _azurite = await LocalEmulators.StartAsync("azurite", new Dictionary<string, string>
        {
            ["DARA_AZURITE_BLOB_PORT"] = DaraHosts.FreePort(),
            ["DARA_AZURITE_QUEUE_PORT"] = DaraHosts.FreePort(),
            ["DARA_AZURITE_TABLE_PORT"] = DaraHosts.FreePort(),
        });
        _connectionString = _azurite.Variables[ConnectionStringVariable];
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        _dataFolder.Dispose();
    }

    private Dictionary<string, string?> Settings(string clusterId) => new()
    {
        ["Dara:DataDirectory"] = _dataFolder.Path,
        ["Dara:Clustering:Mode"] = "AzureStorage",
        ["Dara:Clustering:ConnectionString"] = _connectionString,
        ["Dara:Clustering:AdvertisedAddress"] = "127.0.0.1",
        ["Dara:Clustering:SiloPort"] = DaraHosts.FreePort(),
        ["Dara:Clustering:GatewayPort"] = DaraHosts.FreePort(),
        ["Dara:Clustering:ClusterId"] = clusterId,
        ["Dara:Clustering:ServiceId"] = clusterId,
    };

    [Fact]
    public async Task Models_stay_readable_with_their_state_when_one_of_two_silos_stops()
    {
        var clusterId = $"two-{Guid.NewGuid():N}"[..20];
        using var first = await DaraHosts.StartSiloAsync(Settings(clusterId));
        using var second = await DaraHosts.StartSiloAsync(Settings(clusterId));
        using var portal = await DaraHosts.StartClientAsync(Settings(clusterId));
        var client = portal.Services.GetRequiredService<IClusterClient>();
        var management = client.GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 100 && (await management.GetHosts(onlyActive: true)).Count < 2; attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, (await management.GetHosts(onlyActive: true)).Count);

        var tenant = new TenantId($"c{Guid.NewGuid():N}"[..16]);
        TenantContext.Set(tenant);
        await client.GetGrain<IOrganizationGrain>(tenant.Value).CreateAsync("Cluster", "ada@example.com");
        var submitted = new Dictionary<string, ModelView>();
        for (var i = 0; i < 12; i++)
        {
            var key = $"{tenant.Value}/acme/distilbert-{i.ToString(CultureInfo.InvariantCulture)}";
            var model = client.GetGrain<IModelGrain>(key);
            await model.SubmitAsync(DaraHosts.SmallUpload());
            submitted[key] = await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Comment, Text: $"checked {i}"));
        }

        // The twelve are copies of one another: each hears of the later ones (one-way) before its state is compared.
        foreach (var key in submitted.Keys.ToList())
        {
            submitted[key] = await SettledAsync(client.GetGrain<IModelGrain>(key), submitted.Count - 1);
        }

        // Placement spreads the models; the silo that leaves is one that holds some of them.
        var onFirst = await ModelsOnAsync(management, first, tenant);
        var onSecond = await ModelsOnAsync(management, second, tenant);
        Assert.Equal(submitted.Count, onFirst + onSecond);
        var (leaving, staying) = onFirst > 0 ? (first, second) : (second, first);
        await leaving.StopAsync();

        foreach (var (key, expected) in submitted)
        {
            var view = await ReadAsync(client.GetGrain<IModelGrain>(key));
            Assert.Equal(expected.Current!.DocumentJson, view.Current!.DocumentJson);
            Assert.Equal(expected.Review.Events.Single().Detail, view.Review.Events.Single().Detail);
            Assert.Equal(1, view.Analyses);
        }

        Assert.Single(await management.GetHosts(onlyActive: true));
        await portal.StopAsync();
        await staying.StopAsync();
    }

    private static async Task<int> ModelsOnAsync(IManagementGrain management, IHost silo, TenantId tenant)
    {
        var address = silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        return (await management.GetDetailedGrainStatistics(hostsIds: [address]))
            .Count(stat => stat.GrainType.Contains("ModelGrain", StringComparison.Ordinal)
                && stat.GrainId.Key.ToString()!.StartsWith(tenant.Value + "/", StringComparison.Ordinal));
    }

    /// <summary>Reads a model, riding out the moment the client learns that a gateway went away.</summary>
    private static async Task<ModelView> ReadAsync(IModelGrain model)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await model.GetAsync())!;
            }
            catch (Exception e) when (attempt < 20 && e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or Orleans.Runtime.Messaging.ConnectionFailedException)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<ModelView> SettledAsync(IModelGrain model, int duplicates)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var view = (await model.GetAsync())!;
            if (view.Duplicates.Count == duplicates || DateTime.UtcNow > deadline)
            {
                return view;
            }

            await Task.Delay(50);
        }
    }
}
