using System.Diagnostics;
using Dara.Cloud.Cli.Output;
using Dara.Cloud.Testing;
using Spectre.Console.Testing;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>Ctrl+C cancels a command: it stops, says so in one line and exits 130, never as an internal error.</summary>
public sealed class CancellationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dara-cli-cancel-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<CliRun> RunCancelledAsync(params string[] args)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var console = new TestConsole();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await DaraApp.RunAsync(args, new CliStreams(console, output, error), cancelled.Token);

        return new CliRun(exitCode, console.Output, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_cancelled_scan_says_so_and_exits_130()
    {
        for (var i = 0; i < 5; i++)
        {
            var model = Directory.CreateDirectory(Path.Combine(_root, $"acme__bert-{i}")).FullName;
            File.WriteAllText(Path.Combine(model, "config.json"), """{"model_type": "bert", "architectures": ["BertModel"]}""");
        }

        var table = await RunCancelledAsync("scan", _root);
        var json = await RunCancelledAsync("scan", _root, "--format", "json");

        foreach (var run in new[] { table, json })
        {
            Assert.Equal(130, run.ExitCode);
            Assert.Equal("dara: cancelled", run.Error.TrimEnd());
            Assert.Empty(run.Out);
        }
    }

    [Fact]
    public async Task A_cancelled_list_of_names_stops_without_an_internal_error()
    {
        var names = Path.Combine(_root, "names.txt");
        File.WriteAllLines(names, Enumerable.Range(0, 100).Select(i => $"acme/bert-base-{i}"));

        var run = await RunCancelledAsync("elements", "--input", names, "--format", "json");

        Assert.Equal(130, run.ExitCode);
        Assert.Equal("dara: cancelled", run.Error.TrimEnd());
    }

    [RealDataFact]
    public async Task A_classifier_evaluation_cancelled_while_it_runs_stops_at_the_next_fold_and_exits_130()
    {
        // Reading the rows takes about 3 s and the folds about 100 s of CPU, so the token is cancelled while folds are
        // trained. Before the folds looked at it, Ctrl+C was ignored until the evaluation ended with exit 0.
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var console = new TestConsole();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var watch = Stopwatch.StartNew();

        var exitCode = await DaraApp.RunAsync(["eval", "classifier", "--data", RealData.Root], new CliStreams(console, output, error), cancellation.Token);

        Assert.Equal(130, exitCode);
        Assert.Equal("dara: cancelled", error.ToString().TrimEnd());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"stopped after {watch.Elapsed}");
    }
}
