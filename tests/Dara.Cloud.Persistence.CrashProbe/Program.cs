// Writes grain state through the SQLite provider as fast as it can and prints one line per acknowledged write:
//   ack <grain key> <write number> <etag>
// Odd writes create a new grain, even writes update one of a few existing grains, so both inserts and updates are
// in flight when the durability test kills this process with SIGKILL.
// Usage: Dara.Cloud.Persistence.CrashProbe <data directory>
using Dara.Cloud.Persistence.CrashProbe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

if (args.Length != 1)
{
    Console.Error.WriteLine("Usage: Dara.Cloud.Persistence.CrashProbe <data directory>");
    return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.ClearProviders();
builder.UseOrleans(silo => silo.UseLocalhostClustering().AddSqliteGrainStorage(ProbeGrains.StorageName, options => options.DataDirectory = args[0]));

// The silo is never started: the provider opens its database on first use, and the probe needs nothing else of it.
using var host = builder.Build();
var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(ProbeGrains.StorageName);

var updated = new Dictionary<string, GrainState<long>>();
for (var write = 1L; ; write++)
{
    var key = write % 2 == 1 ? $"tenant/owner/created-{write}" : $"tenant/owner/updated-{write / 2 % ProbeGrains.UpdatedGrains}";
    if (!updated.TryGetValue(key, out var state))
    {
        state = new GrainState<long>();
        if (write % 2 == 0)
        {
            updated[key] = state;
        }
    }

    state.State = write;
    await storage.WriteStateAsync(ProbeGrains.StateName, ProbeGrains.IdOf(key), state);
    Console.WriteLine($"ack {key} {write} {state.ETag}");
}
