using Dara.Cloud.Grains.Analysis;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.FakeHub;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Dara.Cloud.Grains.Tests;

/// <summary>
/// The assembly's one cluster: a silo with Dara's grains, the real SQLite storage in a temporary folder, in-memory
/// reminders, and a fake Hub on loopback with fast retries. Tests use their own tenants, so they never share a grain.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"dara-grains-tests-{Guid.NewGuid():N}");

    /// <summary>The organizations' model limit here: small, so a test can fill an organization (no other test comes near it).</summary>
    public const int MaxModels = 20;

    public FakeHubServer Hub { get; private set; } = null!;

    /// <summary>The mail server the silo e-mails alerts through.</summary>
    public MailReceiver Mail { get; private set; } = null!;

    /// <summary>How long e-mail alerts gather here before they go out.</summary>
    public static readonly TimeSpan DigestWindow = TimeSpan.FromMilliseconds(300);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The engine version grains see; a test may bump it to stand for an engine upgrade.</summary>
    public SettableEngineIdentity Engine { get; } = new();

    public async Task InitializeAsync()
    {
        Hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        Mail = await MailReceiver.StartAsync();
        Cluster = await StartClusterAsync(_dataDirectory);
    }

    /// <summary>
    /// Starts a cluster like this fixture's on the storage in <paramref name="dataDirectory"/>: a test that stops it and
    /// starts another on the same folder sees what a restarted silo reads back. With <paramref name="storedReminders"/>,
    /// reminders are kept in that folder's SQLite file too (as the embedded silo keeps them), so they outlive the
    /// restart; <paramref name="settings"/> overrides the fixture's configuration.
    /// </summary>
    public async Task<InProcessTestCluster> StartClusterAsync(string dataDirectory, bool storedReminders = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = new InProcessTestClusterBuilder(1);

        // One service id for every cluster, as a deployment keeps its own: stored reminders belong to a service.
        builder.Options.ServiceId = "dara-grains-tests";
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(FixtureSettings()).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(DaraStorage.Grains, options => options.DataDirectory = dataDirectory)
                .AddSqliteGrainStorage(DaraStorage.Artifacts, options => options.DataDirectory = dataDirectory)
                .AddDaraGrains();
            if (storedReminders)
            {
                silo.UseSqliteReminderService(options => options.DataDirectory = dataDirectory);
            }
            else
            {
                silo.UseInMemoryReminderService();
            }

            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromMilliseconds(500));
            silo.Services.AddSingleton<IEngineIdentity>(Engine);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private Dictionary<string, string?> FixtureSettings() => new()
    {
        ["Dara:Hub:Endpoint"] = Hub.BaseUrl,
        ["Dara:Hub:Timeout"] = "00:00:20",
        ["Dara:Hub:MaxRetries"] = "2",
        ["Dara:Hub:BaseDelay"] = "00:00:00.010",
        ["Dara:Hub:MaxDelay"] = "00:00:00.050",
        ["Dara:Hub:MaxRetryAfter"] = "00:00:00.300",
        ["Dara:Watcher:FirstPollDelay"] = "00:00:00.200",
        ["Dara:Watcher:PageSize"] = "4",
        ["Dara:Watcher:MaxRegistrationsPerPoll"] = "5",
        ["Dara:Organization:IndexWriteDelay"] = "00:00:00.100",
        ["Dara:Alerts:BaseDelay"] = "00:00:00.010",
        ["Dara:Alerts:AttemptTimeout"] = "00:00:05",
        ["Dara:Alerts:Email:Host"] = Mail.Host,
        ["Dara:Alerts:Email:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Dara:Alerts:Email:Security"] = "None",
        ["Dara:Alerts:Email:From"] = "Dara.Cloud <alerts@dara.test>",
        ["Dara:Alerts:Email:PortalUrl"] = "https://dara.test/",
        ["Dara:Alerts:Email:DigestWindow"] = DigestWindow.ToString(),
        ["Dara:Organization:ReanalysisCheckpoint"] = "00:00:00.100",
        ["Dara:Organization:MaxModels"] = MaxModels.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Dara:Alerts:ResumeInterval"] = "00:00:01",
    };

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Hub.DisposeAsync();
        await Mail.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>A tenant no other test uses.</summary>
    public static TenantId NewTenant() => new($"t{Guid.NewGuid():N}"[..20]);

    /// <summary>
    /// A new tenant, entered for the rest of the calling test (synchronous on purpose: a tenant set inside an async
    /// method would not flow back to its caller).
    /// </summary>
    public static TenantId EnterNewTenant()
    {
        var tenant = NewTenant();
        TenantContext.Set(tenant);
        return tenant;
    }

    /// <summary>Creates the organization of <paramref name="tenant"/> (whose context must be entered).</summary>
    public async Task<IOrganizationGrain> CreateOrganizationAsync(TenantId tenant, string owner = "owner@example.com")
    {
        var organization = Client.GetGrain<IOrganizationGrain>(tenant.Value);
        await organization.CreateAsync("Test organization", owner);
        return organization;
    }

    /// <summary>
    /// Adds <paramref name="count"/> models (<c>filler/model-N</c>, none on the Hub) to <paramref name="organization"/>'s
    /// index as models report themselves, without analysing anything: enough to bring it near or to its model limit.
    /// </summary>
    public static async Task AddIndexedModelsAsync(IOrganizationGrain organization, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await organization.RecordModelAsync(new ModelSummary(
                "filler", $"model-{i:D2}", "ok", 90, [], $"filler/model-{i:D2}", "bert", null, DateTimeOffset.UtcNow, ModelOrigin.UploadKind, ReviewActions.Open, null));
        }
    }

    public IModelGrain Model(TenantId tenant, string repoId) => Client.GetGrain<IModelGrain>(ModelKey.Parse(tenant, repoId).GrainKey);

    /// <summary>Deactivates a grain, so the next call loads it from storage.</summary>
    public Task DeactivateAsync(IAddressable grain) => Cluster.DeactivateAsync(grain);

    /// <summary>What the silo's storage holds for <paramref name="grain"/>'s state <paramref name="stateName"/> now, whatever the activation has in memory.</summary>
    public async Task<TState?> ReadStoredStateAsync<TState>(IAddressable grain, string stateName, InProcessTestCluster? cluster = null)
    {
        var stored = new GrainState<TState>();
        await (cluster ?? Cluster).Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(DaraStorage.Grains).ReadStateAsync(stateName, grain.GetGrainId(), stored);
        return stored.State;
    }

    /// <summary>
    /// Deactivates <paramref name="grain"/> and rewrites its stored state <paramref name="stateName"/> through the silo's
    /// storage, standing for data an earlier version wrote; the next call loads what was written.
    /// </summary>
    public async Task RewriteStoredStateAsync<TState>(IAddressable grain, string stateName, Func<TState, TState> rewrite)
        where TState : new()
    {
        await DeactivateAsync(grain);
        var storage = Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(DaraStorage.Grains);
        var stored = new GrainState<TState>();
        await storage.ReadStateAsync(stateName, grain.GetGrainId(), stored);
        stored.State = rewrite(stored.State ?? new TState());
        await storage.WriteStateAsync(stateName, grain.GetGrainId(), stored);
    }
}

/// <summary>An engine identity a test can change.</summary>
public sealed class SettableEngineIdentity : IEngineIdentity
{
    public string Version { get; set; } = new EngineIdentity().Version;
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Dara cluster";
}
