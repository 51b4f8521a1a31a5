using Dara.Cloud.Cli;
using Dara.Cloud.Cli.Output;
using Spectre.Console.Testing;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>Runs the <c>dara</c> command line in process with captured output.</summary>
internal sealed record DaraRun(int ExitCode, string Console, string Out, string Error)
{
    public static async Task<DaraRun> RunAsync(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 240;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DaraApp.RunAsync(args, new CliStreams(console, output, error));
        return new DaraRun(exitCode, console.Output, output.ToString(), error.ToString());
    }
}

/// <summary>A model folder written in a temp directory for one test.</summary>
internal sealed class ModelFolder : IDisposable
{
    public ModelFolder(params (string Path, byte[] Bytes)[] files)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dara-model-{Guid.NewGuid():N}");
        foreach (var (path, bytes) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
