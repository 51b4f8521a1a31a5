using BenchmarkDotNet.Running;
using Dara.Cloud.Benchmarks;

// "read-cost" prints the bytes-read report over the real data; anything else goes to BenchmarkDotNet.
if (args is ["read-cost", ..])
{
    await ReadCostReport.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ReadCostReport).Assembly).Run(args);
