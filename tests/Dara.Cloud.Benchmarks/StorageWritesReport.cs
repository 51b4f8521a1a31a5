using System.Diagnostics;
using System.Globalization;
using Dara.Cloud.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Dara.Cloud.Benchmarks -- storage-writes [writes] [writers]</c>: the SQLite
/// grain storage alone, as grains use it: <c>writers</c> (default 64) concurrent callers, each writing its own grains'
/// state (a first write inserts, later ones update with the ETag they got), <c>writes</c> (default 10,000) in all.
/// What the silo's many activations see of the provider's group commit, without the grains and engine around it.
/// </summary>
internal static class StorageWritesReport
{
    private const string ProviderName = "bench";

    public static async Task RunAsync(int writes, int writers)
    {
        var data = Path.Combine(Path.GetTempPath(), $"dara-bench-storage-{Guid.NewGuid():N}");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(LocalEmulators.FreeLoopbackPort(), LocalEmulators.FreeLoopbackPort())
            .AddSqliteGrainStorage(ProviderName, options => options.DataDirectory = data));

        // Never started: the provider opens its database on first use, and the report needs nothing else of the silo.
        using (var host = builder.Build())
        {
            var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderName);
            var payload = new string('x', 512);
            var next = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
            {
                // Each writer cycles through a few grains of its own, so inserts and ETag-checked updates both happen.
                var grains = Enumerable.Range(0, 8)
                    .Select(i => (Id: GrainId.Create("bench", $"tenant/owner/model-{writer}-{i}"), State: new GrainState<string>()))
                    .ToArray();
                for (var write = Interlocked.Increment(ref next); write <= writes; write = Interlocked.Increment(ref next))
                {
                    var (id, state) = grains[write % grains.Length];
                    state.State = string.Create(CultureInfo.InvariantCulture, $"{write}:{payload}");
                    await storage.WriteStateAsync("state", id, state);
                }
            }));
            clock.Stop();
            Console.WriteLine(
                $"SQLite (synchronous=FULL), {Environment.ProcessorCount} cores, load average {LoadAverage()}: {writes:N0} writes from {writers} " +
                $"concurrent writers in {clock.Elapsed.TotalSeconds:N2} s = {writes / clock.Elapsed.TotalSeconds:N0} writes/s");
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
