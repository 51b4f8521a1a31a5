using Dara.Cloud.Testing;
using Microsoft.Azure.Cosmos;

namespace Dara.Cloud.Persistence.Cosmos.Tests;

/// <summary>
/// The Cosmos DB server the tests talk to: the one named by <c>DARA_COSMOS_ENDPOINT</c> (CI starts it with
/// tests/emulators/start.sh), or else one this test run starts itself through the same script on a free port.
/// Either way the tests run; they never pass without a server.
/// </summary>
public sealed class CosmosEmulator : IAsyncDisposable
{
    /// <summary>The trait every test that needs the server carries: <c>dotnet test --filter Needs!=CosmosEmulator</c> leaves them out.</summary>
    public const string Trait = "CosmosEmulator";

    public const string EndpointVariable = "DARA_COSMOS_ENDPOINT";

    /// <summary>The well-known key of Cosmos DB emulators (public, not a secret).</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly LocalEmulators? _started;

    private CosmosEmulator(string endpoint, LocalEmulators? started)
    {
        Endpoint = endpoint;
        _started = started;
    }

    public string Endpoint { get; }

    public static async Task<CosmosEmulator> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } endpoint)
        {
            return new CosmosEmulator(endpoint, started: null);
        }

        var started = await LocalEmulators.StartAsync("cosmos", new Dictionary<string, string>
        {
            ["DARA_COSMOS_PORT"] = LocalEmulators.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return new CosmosEmulator(started.Variables[EndpointVariable], started);
    }

    /// <summary>Points grain storage options at this server (emulators need LimitToEndpoint and a trusted self-signed certificate).</summary>
    public void Configure(CosmosGrainStorageOptions options, string databaseName)
    {
        options.AccountEndpoint = Endpoint;
        options.AccountKey = Key;
        options.DatabaseName = databaseName;
        options.LimitToEndpoint = true;
        options.ConfigureClientOptions = clientOptions => TrustServerCertificate(clientOptions);
    }

    /// <summary>A client of this server for checks the provider does not offer, optionally sending through <paramref name="wrap"/>.</summary>
    public CosmosClient CreateClient(Func<HttpMessageHandler, HttpMessageHandler>? wrap = null)
    {
        var clientOptions = new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true };
        TrustServerCertificate(clientOptions, wrap);
        return new CosmosClient(Endpoint, Key, clientOptions);
    }

    /// <summary>
    /// The emulator's certificate is self-signed: accept it, in tests only. <paramref name="wrap"/> can put a handler
    /// in front of the network (the throttling tests inject 429 answers that way).
    /// </summary>
    public static void TrustServerCertificate(CosmosClientOptions clientOptions, Func<HttpMessageHandler, HttpMessageHandler>? wrap = null) =>
        clientOptions.HttpClientFactory = () =>
        {
            HttpMessageHandler handler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            };
            return new HttpClient(wrap is null ? handler : wrap(handler));
        };

    public async ValueTask DisposeAsync()
    {
        if (_started is not null)
        {
            await _started.DisposeAsync();
        }
    }
}
