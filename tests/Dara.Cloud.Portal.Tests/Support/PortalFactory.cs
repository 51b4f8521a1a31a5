using System.Net;
using System.Net.Sockets;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.FakeHub;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>
/// The real portal (Program) with its embedded silo on SQLite in a temp folder, on free loopback ports, served by
/// Kestrel on a loopback socket (so the CLI's own HttpClient can reach it), with a fake Hugging Face Hub. One per
/// test assembly (<see cref="PortalCollection"/>); tests keep apart by using their own organization ids.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"dara-portal-tests-{Guid.NewGuid():N}");
    private readonly int _siloPort = FreePort();
    private readonly int _gatewayPort = FreePort();
    private int _orgCounter;

    /// <summary>The organizations' model limit in the test portal: small, so a test can fill an organization.</summary>
    public const int MaxModels = 25;

    public FakeHubServer Hub { get; private set; } = null!;

    /// <summary>The mail server the portal's silo e-mails alerts through.</summary>
    public MailReceiver Mail { get; private set; } = null!;

    /// <summary>Where Kestrel listens (http://127.0.0.1:port/).</summary>
    public Uri Address { get; private set; } = null!;

    protected virtual string Environment => "Development";

    /// <summary>The grain factory of the embedded silo, for tests that call grains directly.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public virtual async Task InitializeAsync()
    {
        Hub = await FakeHubServer.StartAsync();
        Mail = await MailReceiver.StartAsync();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>An organization id no other test uses.</summary>
    public string NewOrgId(string prefix = "org") => $"{prefix}-{Interlocked.Increment(ref _orgCounter)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A client signed in (development sign-in) as <paramref name="email"/>.</summary>
    public HttpClient As(string email)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(DevelopmentAuthenticationHandler.Header, email);
        return client;
    }

    /// <summary>A client that presents an API key as a bearer token.</summary>
    public HttpClient WithKey(string key)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => Client();

    // No redirect or cookie handlers: the redirect handler buffers request bodies to replay them, and uploads must stream.
    private HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Address, AllowAutoRedirect = false, HandleCookies = false });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }

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
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Dara:DataDirectory", _dataDirectory),
        new("Dara:Clustering:SiloPort", _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Dara:Clustering:GatewayPort", _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Dara:Clustering:ClusterId", $"tests-{_siloPort}"),
        new("Dara:Hub:Endpoint", Hub?.BaseUrl),
        new("Dara:Hub:MaxRetries", "0"),
        new("Dara:Alerts:Email:Host", Mail?.Host),
        new("Dara:Alerts:Email:Port", Mail?.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Dara:Alerts:Email:Security", "None"),
        new("Dara:Alerts:Email:From", "alerts@dara.test"),
        new("Dara:Alerts:Email:DigestWindow", "00:00:00.200"),
        new("Dara:Watcher:FirstPollDelay", "01:00:00"),
        new("Dara:Organization:MaxModels", MaxModels.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Logging:LogLevel:Default", "Warning"),
        new("Logging:LogLevel:Orleans", "Error"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Error"),
    ];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The one portal all API tests share.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFactory>
{
    public const string Name = "portal";
}
