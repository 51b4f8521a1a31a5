using BenchmarkDotNet.Running;
using Dara.Cloud.Benchmarks;

// "read-cost" prints the bytes-read report over the real data; "grains [models]" runs the grains end to end;
// "inspect-windows [windows]" times the inspect benchmark in short windows (best and median);
// "storage-writes [writes] [writers]" measures the SQLite grain storage's concurrent writes; anything else goes to BenchmarkDotNet.
if (args is ["read-cost", ..])
{
    await ReadCostReport.RunAsync();
    return;
}

if (args is ["grains", ..])
{
    await GrainsReport.RunAsync(
        args is [_, var count, ..] ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 10_000,
        inMemory: args is [_, _, "memory", ..]);
    return;
}

if (args is ["inspect-windows", ..])
{
    await InspectWindowsReport.RunAsync(args is [_, var windows, ..] ? int.Parse(windows, System.Globalization.CultureInfo.InvariantCulture) : 100);
    return;
}

if (args is ["storage-writes", ..])
{
    await StorageWritesReport.RunAsync(
        args is [_, var writes, ..] ? int.Parse(writes, System.Globalization.CultureInfo.InvariantCulture) : 10_000,
        args is [_, _, var writers, ..] ? int.Parse(writers, System.Globalization.CultureInfo.InvariantCulture) : 64);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ReadCostReport).Assembly).Run(args);
