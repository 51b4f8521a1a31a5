using Dara.Cloud.Testing.FakeHub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dara.Cloud.Silo.Tests;

/// <summary>
/// The embedded silo keeps its reminders in SQLite: after a restart, a registry watcher polls the Hub again on its own
/// reminder, with no organization or watcher grain activated by anyone.
/// </summary>
public sealed class ReminderRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);

    private readonly SiloDataFolder _dataFolder = new("reminders");
    private FakeHubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _dataFolder.Dispose();
    }

    [Fact]
    public async Task A_watched_author_is_polled_again_after_a_restart_without_anyone_activating_its_organization()
    {
        var settings = DaraHosts.Localhost(_dataFolder.Path);
        settings["Dara:Hub:Endpoint"] = _hub.BaseUrl;
        settings["Dara:Watcher:FirstPollDelay"] = "00:00:01";
        settings["Dara:Watcher:Interval"] = "00:00:02";
        var tenant = new TenantId($"r{Guid.NewGuid():N}"[..16]);
        AddModel("acme/first");

        using (var silo = await DaraHosts.StartSiloAsync(settings, FastReminders))
        {
            TenantContext.Set(tenant);
            var organization = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(tenant.Value);
            await organization.CreateAsync("Watching", "ada@example.com");
            await organization.SetWatchedAuthorsAsync(["acme"]);
            await WaitForAsync(async () => (await organization.ListModelsAsync(new ModelQuery())).Total == 1);
            await silo.StopAsync();
        }

        TenantContext.Clear();
        AddModel("acme/second");
        _hub.ClearRequests();

        using (var silo = await DaraHosts.StartSiloAsync(settings, FastReminders))
        {
            // Nothing is called on the silo: only the stored reminder can make the watcher list the author again.
            await WaitForAsync(() => Task.FromResult(_hub.Requests.Any(request => request.Path == "/api/models")));

            TenantContext.Set(tenant);
            var organization = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(tenant.Value);
            await WaitForAsync(async () => (await organization.ListModelsAsync(new ModelQuery())).Total == 2);
            await silo.StopAsync();
        }
    }

    // Orleans refuses reminder periods under a minute by default; the test's watcher polls every two seconds.
    private static void FastReminders(ISiloBuilder silo) =>
        silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));

    private void AddModel(string id) =>
        _hub.AddModel(id, new Dictionary<string, byte[]> { ["config.json"] = """{"model_type": "bert", "architectures": ["BertModel"]}"""u8.ToArray() });

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(s_patience);
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }
}
