using System.Diagnostics;
using System.Text.Json;

namespace Dara.Cloud.Testing;

/// <summary>
/// Runs Hugging Face's own JavaScript parsers (the scripts in <c>tests/peers</c>, pinned by its lockfile) and returns
/// what they print as JSON, so tests can compare our readers with the reference implementations.
/// </summary>
public static class NodePeer
{
    /// <summary>Long enough for a cold Node start on a loaded 2-core machine, short enough that a hang fails the test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A peer answer larger than this is a bug in the script, not a header.</summary>
    private const int MaxOutputChars = 64 * 1024 * 1024;

    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>The repository root: the first folder up from the test binaries that holds <c>Dara.Cloud.sln</c>.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary><c>tests/peers</c>.</summary>
    public static string PeersFolder => Path.Combine(RepositoryRoot, "tests", "peers");

    /// <summary>
    /// Runs <c>node tests/peers/&lt;script&gt; args...</c> and parses its standard output. Throws when
    /// <c>node_modules</c> is missing (run <c>npm ci</c> in tests/peers), when the script fails, or on timeout.
    /// </summary>
    public static async Task<JsonDocument> RunAsync(
        string script, IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var scriptPath = Path.Combine(PeersFolder, script);
        if (!File.Exists(scriptPath))
        {
            throw new FileNotFoundException($"No peer script {scriptPath}.", scriptPath);
        }

        if (!Directory.Exists(Path.Combine(PeersFolder, "node_modules", "@huggingface")))
        {
            throw new InvalidOperationException(
                $"The Node peers are not installed: run `npm ci` in {PeersFolder} (CI's .ci/run does).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = PeersFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = StartNode(start);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s.");
        }

        var stdout = await output;
        var stderr = await errors;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} {string.Join(' ', start.ArgumentList.Skip(1))} exited with {process.ExitCode}: {stderr.Trim()}");
        }

        if (stdout.Length > MaxOutputChars)
        {
            throw new InvalidOperationException($"node {script} printed {stdout.Length} characters, more than {MaxOutputChars}.");
        }

        return JsonDocument.Parse(stdout);
    }

    private static Process StartNode(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Node.js (`node`) is not on PATH; the peer cross-checks need Node 20 or later.", e);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Dara.Cloud.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Dara.Cloud.sln above {AppContext.BaseDirectory}.");
    }
}
