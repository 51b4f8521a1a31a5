using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;
using Dara.Cloud.Testing.FakeHub;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Dara.Cloud.Benchmarks -- grains [models]</c>: the grains end to end in one
/// process, as the embedded product runs. A fake Hub serves <c>models</c> (default 10,000) small models of one author;
/// a silo from <c>AddDaraSilo()</c> (SQLite in a temporary folder) registers and analyses all of them through the
/// registry watcher (listing pages, model info, config and safetensors header reads over loopback HTTP). Then: the GC
/// heap growth per activated model grain, and verdict reads per second (<c>IModelGrain.GetAsync</c>).
/// <c>grains [models] memory</c> keeps grain state in memory instead, to show what the grains and the engine do
/// without the SQLite provider's commits (group commits: one fsync per batch of concurrent writes).
/// </summary>
internal static class GrainsReport
{
    private const string Author = "bench";

    public static async Task RunAsync(int models, bool inMemory)
    {
        var data = Path.Combine(Path.GetTempPath(), $"dara-bench-{Guid.NewGuid():N}");
        await using var hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        for (var i = 0; i < models; i++)
        {
            hub.AddModel($"{Author}/distilbert-sentiment-{i:D5}", Files(i));
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dara:DataDirectory"] = data,
            ["Dara:Storage"] = inMemory ? "Memory" : "Sqlite",
            ["Dara:Clustering:SiloPort"] = LocalEmulators.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
            ["Dara:Clustering:GatewayPort"] = LocalEmulators.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
            ["Dara:Hub:Endpoint"] = hub.BaseUrl,
            ["Dara:Watcher:PageSize"] = "1000",
            ["Dara:Watcher:RegisterConcurrency"] = "64",
            ["Dara:Watcher:MaxRegistrationsPerPoll"] = "2000",
        });
        builder.AddDaraSilo();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var tenant = new TenantId("bench");
            TenantContext.Set(tenant);
            var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
            await organization.CreateAsync("Benchmark", "bench@example.com");
            await organization.SetWatchedAuthorsAsync([Author]);
            var watcher = grains.GetGrain<IRegistryWatcherGrain>(tenant.Value);
            await watcher.StopAsync();

            // Each poll registers at most Dara:Watcher:MaxRegistrationsPerPoll models (a bounded turn); poll until done.
            var clock = Stopwatch.StartNew();
            var registered = 0;
            for (var polls = 0; registered < models && polls < 2 * models; polls++)
            {
                registered += await watcher.PollNowAsync();
            }

            clock.Stop();
            var status = await watcher.GetStatusAsync();
            Console.WriteLine($"storage: {(inMemory ? "memory" : "SQLite (synchronous=FULL)")}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine($"register + analyse from the Hub: {registered:N0} models in {clock.Elapsed.TotalSeconds:N1} s = {registered / clock.Elapsed.TotalSeconds:N0} models/s (last error: {status.LastError ?? "none"})");
            var stats = await organization.GetStatsAsync();
            Console.WriteLine($"  index: {stats.Models:N0} models, {string.Join(", ", stats.ByVerdict.Select(v => $"{v.Key} {v.Value:N0}"))}");

            clock.Restart();
            var page = await organization.ListModelsAsync(new ModelQuery(Text: "sentiment-00999", Sort: "-score"));
            var listings = 0;
            while (clock.ElapsedMilliseconds < 2000)
            {
                await organization.ListModelsAsync(new ModelQuery(Verdict: "ok", Text: "sentiment-0", Sort: "score", Page: 3));
                listings++;
            }

            Console.WriteLine($"  list (filter + sort + page over {stats.Models:N0}): {listings / clock.Elapsed.TotalSeconds:N0} queries/s ({page.Total} match one search)");

            // Memory: deactivate everything, then activate a known number of model grains and weigh the heap.
            var management = grains.GetGrain<IManagementGrain>(0);
            await management.ForceActivationCollection(TimeSpan.Zero);
            await Task.Delay(2000);
            var sample = Math.Min(models, 5000);
            var keys = Enumerable.Range(0, sample).Select(i => $"{tenant.Value}/{Author}/distilbert-sentiment-{i:D5}").ToArray();
            var before = HeapAfterCollection();
            foreach (var chunk in keys.Chunk(256))
            {
                await Task.WhenAll(chunk.Select(key => grains.GetGrain<IModelGrain>(key).GetAsync()));
            }

            var after = HeapAfterCollection();
            Console.WriteLine($"memory per active model grain: {(after - before) / (double)sample / 1024:N1} KB (GC heap {before / 1048576.0:N0} MB -> {after / 1048576.0:N0} MB over {sample:N0} activations)");

            // Reads: GetAsync from many concurrent callers on the activated grains.
            var readers = 64;
            var reads = 0L;
            clock.Restart();
            await Task.WhenAll(Enumerable.Range(0, readers).Select(async reader =>
            {
                var random = new Random(reader);
                while (clock.ElapsedMilliseconds < 5000)
                {
                    await grains.GetGrain<IModelGrain>(keys[random.Next(keys.Length)]).GetAsync();
                    Interlocked.Increment(ref reads);
                }
            }));
            Console.WriteLine($"verdict reads: {reads / clock.Elapsed.TotalSeconds:N0} GetAsync/s ({readers} concurrent callers, {sample:N0} grains)");
        }
        finally
        {
            await host.StopAsync();
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static long HeapAfterCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// A small DistilBERT classifier (a few kilobytes, so 10,000 fit in the fake Hub's memory); each has one tensor of
    /// its own, so no two share an architecture hash and none is taken for a duplicate of another.
    /// </summary>
    private static Dictionary<string, byte[]> Files(int i) => new()
    {
        ["config.json"] = Encoding.UTF8.GetBytes("""
            {"architectures": ["DistilBertForSequenceClassification"], "model_type": "distilbert", "dim": 16, "n_layers": 2,
             "n_heads": 4, "hidden_dim": 64, "vocab_size": 32, "max_position_embeddings": 16, "torch_dtype": "float32",
             "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}
            """),
        ["model.safetensors"] = new SafetensorsBuilder()
            .Add("distilbert.embeddings.word_embeddings.weight", "F32", 32, 16)
            .Add("distilbert.transformer.layer.0.attention.q_lin.weight", "F32", 16, 16)
            .Add("distilbert.transformer.layer.1.attention.q_lin.weight", "F32", 16, 16)
            .Add($"adapter_{i}.weight", "F32", 1, 1)
            .Add("classifier.weight", "F32", 2, 16)
            .ToBytes(),
    };
}
