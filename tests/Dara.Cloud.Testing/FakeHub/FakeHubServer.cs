using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>
/// A Hugging Face Hub on a loopback port, speaking the Hub's URL layout (<c>/api/models</c>,
/// <c>/api/models/{id}[/revision/{rev}]</c>, <c>/{id}/resolve|raw/{rev}/{path}</c>) with ranges, ETags, the Hub's
/// error headers, cursor paging, programmable faults and a log of every request. Serves the real data in place
/// and models added in code.
/// </summary>
/// <example><code>
/// await using var hub = await FakeHubServer.StartAsync();
/// hub.AddModel("org/name", new Dictionary&lt;string, byte[]&gt; { ["config.json"] = "{}"u8.ToArray() });
/// var client = new HubClient(new HubClientOptions { Endpoint = hub.Endpoint });
/// </code></example>
public sealed class FakeHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeHubRequest> _requests = new();

    private FakeHubServer(WebApplication app, FakeHubOptions options)
    {
        _app = app;
        Options = options;
    }

    /// <summary>The Hub's base address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary><see cref="Endpoint"/> without the trailing '/', as clients that append "/api/..." want it.</summary>
    public string BaseUrl => Endpoint.AbsoluteUri.TrimEnd('/');

    public FakeHubOptions Options { get; }

    /// <summary>Faults to put on coming requests.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<FakeHubRequest> Requests => _requests.ToArray();

    /// <summary>Every model served.</summary>
    public IReadOnlyCollection<FakeHubModel> Models => Catalog.Models;

    internal ModelCatalog Catalog { get; } = new();

    /// <summary>Starts a fake Hub on 127.0.0.1 with a free port.</summary>
    public static async Task<FakeHubServer> StartAsync(FakeHubOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeHubOptions();
        var app = LoopbackApp.Create();
        var server = new FakeHubServer(app, options);
        if (options.IncludeRealData && (options.RealDataRoot ?? Environment.GetEnvironmentVariable(RealData.Variable)) is { Length: > 0 } root)
        {
            server.Catalog.AddExisting(RealDataModels.Load(root));
        }

        FakeHubEndpoints.Map(app, server);
        server.Endpoint = await LoopbackApp.StartAsync(app, cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Adds a model (or replaces all files of an existing one, as a new commit).</summary>
    public FakeHubModel AddModel(string id, IEnumerable<FakeHubFile> files) => Catalog.Commit(id, files);

    /// <summary>Adds a model from path → bytes (or replaces all files of an existing one, as a new commit).</summary>
    public FakeHubModel AddModel(string id, IReadOnlyDictionary<string, byte[]> files) =>
        Catalog.Commit(id, files.Select(file => FakeHubFile.FromBytes(file.Key, file.Value)));

    /// <summary>Adds or replaces one file of an existing model, as a new commit (new sha, later lastModified).</summary>
    public FakeHubModel AddFile(string id, string path, byte[] content) => AddFile(id, FakeHubFile.FromBytes(path, content));

    /// <summary>Adds or replaces one file of an existing model, as a new commit (new sha, later lastModified).</summary>
    public FakeHubModel AddFile(string id, FakeHubFile file) => Catalog.CommitFiles(id, [file]);

    /// <summary>A new commit with the same files: new sha and later lastModified, as after a push that changed nothing we read.</summary>
    public FakeHubModel Touch(string id) => Catalog.CommitFiles(id, []);

    /// <summary>
    /// Renames a model, as the Hub's "move" does: the old id's API and file URLs then answer 307 with a relative
    /// <c>Location</c> under the new id.
    /// </summary>
    public FakeHubModel RenameModel(string id, string newId) => Catalog.Rename(id, newId);

    /// <summary>Removes a model; true when it was there.</summary>
    public bool RemoveModel(string id) => Catalog.Remove(id);

    /// <summary>The model with that id, or null.</summary>
    public FakeHubModel? FindModel(string id) => Catalog.Find(id);

    /// <summary>Forgets the requests logged so far.</summary>
    public void ClearRequests() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal void Log(HttpRequest request) =>
        _requests.Enqueue(new FakeHubRequest(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            Header(request, "Range"),
            Header(request, "Authorization"),
            Header(request, "If-None-Match"),
            Header(request, "User-Agent")));

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
