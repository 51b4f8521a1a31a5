using Dara.Cloud.Cli;
using Dara.Cloud.Cli.Output;
using Spectre.Console.Testing;

namespace Dara.Cloud.Cli.Tests.Commands;

/// <summary>Runs <c>dara</c> in process with a captured console and captured standard streams.</summary>
internal sealed record CliRun(int ExitCode, string Console, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 240;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await DaraApp.RunAsync(args, new CliStreams(console, output, error));

        return new CliRun(exitCode, console.Output, output.ToString(), error.ToString());
    }

    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A file under the temp folder, deleted when the test ends.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string content, string extension = ".txt")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dara-cli-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
