using System.Diagnostics;
using System.Globalization;

namespace Dara.Cloud.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Dara.Cloud.Benchmarks -- inspect-windows [windows]</c>: the inspect
/// benchmark (<see cref="InspectBenchmarks"/>) timed in many short windows of 200 models on one thread. On a shared
/// virtual machine other tenants slow whole seconds at a time, which BenchmarkDotNet's longer iterations average in;
/// the best window is what the code does on an undisturbed core, the median what a busy host gives.
/// </summary>
internal static class InspectWindowsReport
{
    private const int ModelsPerWindow = 200;

    public static async Task RunAsync(int windows)
    {
        foreach (var order in Enum.GetValues<InspectBenchmarks.HeaderOrder>())
        {
            var benchmark = new InspectBenchmarks { Order = order };
            benchmark.Setup();

            // Warm up until the JIT has settled on optimised code for the whole path.
            for (var i = 0; i < 5_000; i++)
            {
                await benchmark.InspectConfigAndSafetensorsHeader();
            }

            var microseconds = new double[windows];
            for (var window = 0; window < windows; window++)
            {
                var stopwatch = Stopwatch.StartNew();
                for (var i = 0; i < ModelsPerWindow; i++)
                {
                    await benchmark.InspectConfigAndSafetensorsHeader();
                }

                microseconds[window] = stopwatch.Elapsed.TotalMicroseconds / ModelsPerWindow;
            }

            Array.Sort(microseconds);
            var best = microseconds[0];
            var median = microseconds[windows / 2];
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"inspect, header in {order} order: best window {best:F1} µs per model ({1e6 / best:F0}/s), median window {median:F1} µs ({1e6 / median:F0}/s), {windows} windows of {ModelsPerWindow}"));
        }
    }
}
