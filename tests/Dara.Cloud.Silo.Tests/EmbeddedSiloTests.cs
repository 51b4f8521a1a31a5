using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dara.Cloud.Silo.Tests;

/// <summary>The embedded default: one silo from <c>AddDaraSilo()</c>, SQLite under the data directory, a portal joining as a client.</summary>
public sealed class EmbeddedSiloTests : IAsyncLifetime
{
    private readonly SiloDataFolder _dataFolder = new("embedded");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dataFolder.Dispose();

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_silo_keeps_organizations_models_and_users_across_a_restart_and_a_client_can_join_it()
    {
        var settings = DaraHosts.Localhost(_dataFolder.Path);
        var tenant = new TenantId($"e{Guid.NewGuid():N}"[..16]);
        TenantContext.Set(tenant);

        using (var silo = await DaraHosts.StartSiloAsync(settings))
        {
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IOrganizationGrain>(tenant.Value).CreateAsync("Embedded", "ada@example.com");
            var view = await grains.GetGrain<IModelGrain>($"{tenant.Value}/acme/distilbert-sentiment").SubmitAsync(DaraHosts.SmallUpload());
            Assert.NotEqual("unreadable", view.Current!.Verdict);
            await grains.GetGrain<IUserGrain>("ada@example.com").JoinAsync(tenant);
            await silo.StopAsync();
        }

        Assert.True(File.Exists(Path.Combine(_dataFolder.Path, "dara.db")));

        using (var silo = await DaraHosts.StartSiloAsync(settings))
        using (var portal = await DaraHosts.StartClientAsync(settings))
        {
            var client = portal.Services.GetRequiredService<IClusterClient>();
            var organization = client.GetGrain<IOrganizationGrain>(tenant.Value);

            Assert.Equal("Embedded", (await organization.GetInfoAsync())!.Name);
            Assert.Equal("acme/distilbert-sentiment", (await organization.ListModelsAsync(new ModelQuery())).Items.Single().RepoId);
            Assert.Equal(1, (await client.GetGrain<IModelGrain>($"{tenant.Value}/acme/distilbert-sentiment").GetAsync())!.Analyses);
            Assert.Equal([tenant], await client.GetGrain<IUserGrain>("ada@example.com").GetOrganizationsAsync());

            TenantContext.Set(new TenantId("someone-else"));
            await Assert.ThrowsAsync<TenantAccessDeniedException>(() => organization.GetInfoAsync());
            await portal.StopAsync();
            await silo.StopAsync();
        }
    }
}
