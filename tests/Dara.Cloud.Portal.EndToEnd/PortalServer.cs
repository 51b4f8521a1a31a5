using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>
/// The real portal (Program: pages, API, embedded silo) in the Development environment with a fresh SQLite data
/// folder, served by Kestrel on a loopback socket a browser can reach. The Hub is pointed at a closed local port so
/// nothing here ever reaches the internet; alerts are e-mailed to a mail server on a loopback port.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"dara-e2e-{Guid.NewGuid():N}");
    private readonly int _siloPort = FreePort();
    private readonly int _gatewayPort = FreePort();

    /// <summary>Where the portal listens (http://127.0.0.1:port/).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The mail server the portal e-mails alerts through.</summary>
    public MailReceiver Mail { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mail = await MailReceiver.StartAsync();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>The absolute address of <paramref name="path"/> (relative, no leading slash needed).</summary>
    public string Url(string path) => new Uri(Address, path.TrimStart('/')).ToString();

    /// <summary>An HTTP client of the API signed in (development sign-in) as <paramref name="email"/>.</summary>
    public HttpClient ApiAs(string email)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Add(DevelopmentAuthenticationHandler.Header, email);
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Mail.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Dara:DataDirectory"] = _dataDirectory,
            ["Dara:Clustering:SiloPort"] = _siloPort.ToString(CultureInfo.InvariantCulture),
            ["Dara:Clustering:GatewayPort"] = _gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Dara:Clustering:ClusterId"] = $"e2e-{_siloPort}",
            ["Dara:Hub:Endpoint"] = $"http://127.0.0.1:{FreePort()}/",
            ["Dara:Hub:MaxRetries"] = "0",
            ["Dara:Alerts:Email:Host"] = Mail.Host,
            ["Dara:Alerts:Email:Port"] = Mail.Port.ToString(CultureInfo.InvariantCulture),
            ["Dara:Alerts:Email:Security"] = "None",
            ["Dara:Alerts:Email:From"] = "Dara.Cloud <alerts@dara.test>",
            ["Dara:Alerts:Email:DigestWindow"] = "00:00:00.500",
            ["Dara:Watcher:FirstPollDelay"] = "01:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        })
        {
            builder.UseSetting(key, value);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
