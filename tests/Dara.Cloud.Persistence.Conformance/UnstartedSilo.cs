using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Dara.Cloud.Persistence.Conformance;

/// <summary>
/// A silo host that is built but not started: its services (options, validators, storage providers) can be
/// inspected cheaply, and providers open their store on first use. Start it to run startup validation.
/// </summary>
public static class UnstartedSilo
{
    public static IHost Build(Action<ISiloBuilder> configure, Dictionary<string, string?>? settings = null)
    {
        // No default configuration sources: a DARA__... variable in the environment must not change what tests see.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.UseOrleans(silo =>
        {
            // Free ports, in case a test starts the host: it must never collide with a running silo.
            silo.UseLocalhostClustering(FreeLoopbackPort(), FreeLoopbackPort());
            configure(silo);
        });
        return builder.Build();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
