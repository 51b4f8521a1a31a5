using System.Diagnostics;
using Dara.Cloud.Persistence.Conformance;
using Dara.Cloud.Persistence.CrashProbe;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace Dara.Cloud.Persistence.Tests;

/// <summary>
/// Kills a process that is writing through the SQLite provider (SIGKILL, mid-write) and reopens its database:
/// every write the provider acknowledged must be there. Recovery replays the WAL the dead process left behind.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private const int AcknowledgedWritesBeforeKill = 150;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"dara-crash-{Guid.NewGuid():N}");

    [Fact]
    public async Task Every_acknowledged_write_survives_a_kill_9_of_the_writer()
    {
        var acknowledged = await RunProbeUntilKilledAsync();

        using var host = ReopenDatabase();
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(ProbeGrains.StorageName);
        var lastPerGrain = acknowledged.GroupBy(ack => ack.Key).Select(writes => writes.MaxBy(ack => ack.Write)!).ToList();
        foreach (var ack in lastPerGrain)
        {
            var state = new GrainState<long>();
            await storage.ReadStateAsync(ProbeGrains.StateName, ProbeGrains.IdOf(ack.Key), state);

            Assert.True(state.RecordExists, $"Acknowledged write {ack.Write} of {ack.Key} is missing.");
            // The write in flight when the process died may have committed too: it can only be newer.
            Assert.True(state.State >= ack.Write, $"{ack.Key} holds write {state.State}, older than acknowledged write {ack.Write}.");
            if (state.State == ack.Write)
            {
                Assert.Equal(ack.ETag, state.ETag);
            }
        }

        Assert.Contains(lastPerGrain, ack => ack.Key.Contains("created", StringComparison.Ordinal));
        Assert.Contains(lastPerGrain, ack => ack.Key.Contains("updated", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<List<Ack>> RunProbeUntilKilledAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dara.Cloud.Persistence.CrashProbe.dll"));
        start.ArgumentList.Add(_dataDirectory);

        using var probe = Process.Start(start) ?? throw new InvalidOperationException("The crash probe did not start.");
        var errors = probe.StandardError.ReadToEndAsync();
        var acknowledged = new List<Ack>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            while (acknowledged.Count < AcknowledgedWritesBeforeKill)
            {
                var line = await probe.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"The crash probe exited early ({probe.ExitCode}): {await errors}");
                acknowledged.Add(Ack.Parse(line) ?? throw new InvalidOperationException($"The crash probe printed '{line}'."));
            }
        }
        finally
        {
            probe.Kill(entireProcessTree: true);
        }

        await probe.WaitForExitAsync();

        // Lines already in the pipe were acknowledged before the kill too; a line cut off mid-print is not.
        while (await probe.StandardOutput.ReadLineAsync() is { } line)
        {
            if (Ack.Parse(line) is { } ack)
            {
                acknowledged.Add(ack);
            }
        }

        return acknowledged;
    }

    // Never started: the provider opens the database on first use, which is all this check needs.
    private IHost ReopenDatabase() =>
        UnstartedSilo.Build(silo => silo.AddSqliteGrainStorage(ProbeGrains.StorageName, options => options.DataDirectory = _dataDirectory));

    private sealed record Ack(string Key, long Write, string ETag)
    {
        public static Ack? Parse(string line) =>
            line.Split(' ') is ["ack", var key, var write, var etag] && long.TryParse(write, out var number) && etag.Length == 32
                ? new Ack(key, number, etag)
                : null;
    }
}
