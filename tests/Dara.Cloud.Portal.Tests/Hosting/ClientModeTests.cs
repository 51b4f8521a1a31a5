using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Portal.Tests.Hosting;

/// <summary>
/// <c>Dara:Mode = Client</c>: a real silo started apart (the headless silo's <c>AddDaraSilo()</c>, SQLite in its own
/// folder) and the real portal joining it as an Orleans client; API calls round-trip through the silo.
/// </summary>
public sealed class ClientModeTests : IAsyncLifetime
{
    private readonly string _siloData = Path.Combine(Path.GetTempPath(), $"dara-client-mode-{Guid.NewGuid():N}");
    private readonly string _clusterId = $"client-mode-{Guid.NewGuid():N}";
    private readonly string _gatewayPort = LocalEmulators.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
    private IHost _silo = null!;
    private ClientModePortal _portal = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dara:DataDirectory"] = _siloData,
            ["Dara:Clustering:SiloPort"] = LocalEmulators.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
            ["Dara:Clustering:GatewayPort"] = _gatewayPort,
            ["Dara:Clustering:ClusterId"] = _clusterId,
            ["Dara:Watcher:FirstPollDelay"] = "01:00:00",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDaraSilo();
        _silo = builder.Build();
        await _silo.StartAsync();

        _portal = new ClientModePortal(_gatewayPort, _clusterId);
        await ((IAsyncLifetime)_portal).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_portal).DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_siloData))
        {
            Directory.Delete(_siloData, recursive: true);
        }
    }

    [Fact]
    public async Task A_portal_in_client_mode_serves_the_api_from_a_silo_running_apart()
    {
        // No silo of its own: the portal is only a client, so anything it answers came from the silo above.
        Assert.Null(_portal.Services.GetService<Orleans.Runtime.ILocalSiloDetails>());
        Assert.NotNull(_portal.Services.GetService<IClusterClient>());

        var org = _portal.NewOrgId("client");
        using var owner = _portal.As("ada@example.com");
        using (var created = await owner.PostAsJsonAsync("/api/orgs", new { id = org, name = "Through the gateway" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A BERT config under a Llama name: the silo's engine must say so, and the portal must read it back.
        using (var uploaded = await owner.UploadAsync(org, "acme/llama-7b"))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
            Assert.Equal("misnamed", (await uploaded.ReadObjectAsync())["verdict"]!.GetValue<string>());
        }

        using var model = await owner.GetAsync($"/api/orgs/{org}/models/acme/llama-7b");
        using var mine = await owner.GetAsync("/api/orgs");

        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal("misnamed", (await model.ReadObjectAsync())["verdict"]!["verdict"]!.GetValue<string>());
        Assert.Contains(
            (await mine.Content.ReadFromJsonAsync<JsonArray>())!,
            entry => entry?["id"]?.GetValue<string>() == org);

        // The silo holds what the API wrote: its own grain factory reads the organization and the user's index.
        var tenant = new TenantId(org);
        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        using (TenantContext.Enter(tenant))
        {
            Assert.Equal("Through the gateway", (await grains.GetGrain<IOrganizationGrain>(org).GetInfoAsync())!.Name);
        }

        Assert.Contains(tenant, await grains.GetGrain<IUserGrain>("ada@example.com").GetOrganizationsAsync());
    }

    /// <summary>The real portal with <c>Dara:Mode = Client</c>, pointed at the test's silo gateway and cluster.</summary>
    private sealed class ClientModePortal(string gatewayPort, string clusterId) : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            .. base.Settings(),
            new(PortalGrainsHostingExtensions.ModeKey, "Client"),
            new("Dara:Clustering:GatewayPort", gatewayPort),
            new("Dara:Clustering:ClusterId", clusterId),
        ];
    }
}
