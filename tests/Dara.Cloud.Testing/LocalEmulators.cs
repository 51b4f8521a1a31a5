using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dara.Cloud.Testing;

/// <summary>
/// Local stand-ins for Azure services (the Cosmos DB server, Azurite), started for one test fixture through
/// <c>tests/emulators/start.sh</c> — the script CI uses — on free loopback ports with a private run folder,
/// and stopped through <c>stop.sh</c> when disposed. Fixtures use it when CI has not started the emulators already.
/// </summary>
public sealed class LocalEmulators : IAsyncDisposable
{
    /// <summary>Long enough for a first <c>npm ci</c> of the pinned packages on a loaded 2-core machine.</summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _runDirectory;

    private LocalEmulators(string runDirectory, IReadOnlyDictionary<string, string> variables)
    {
        _runDirectory = runDirectory;
        Variables = variables;
    }

    /// <summary><c>tests/emulators</c>.</summary>
    public static string ScriptsFolder => Path.Combine(NodePeer.RepositoryRoot, "tests", "emulators");

    /// <summary>The variables start.sh exported for the started services (e.g. <c>DARA_COSMOS_ENDPOINT</c>).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>
    /// Starts <paramref name="service"/> (<c>cosmos</c> or <c>azurite</c>) with the given start.sh settings
    /// (e.g. <c>DARA_COSMOS_PORT</c>). Throws with start.sh's own explanation when it cannot start.
    /// </summary>
    public static async Task<LocalEmulators> StartAsync(string service, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken = default)
    {
        var runDirectory = Path.Combine(Path.GetTempPath(), $"dara-emulators-{Guid.NewGuid():N}");
        var (exitCode, output, errors) = await RunScriptAsync("start.sh", service, runDirectory, settings, s_startTimeout, cancellationToken);
        var emulators = new LocalEmulators(runDirectory, ParseExports(output));
        if (exitCode != 0)
        {
            await emulators.DisposeAsync();
            throw new InvalidOperationException($"tests/emulators/start.sh {service} failed ({exitCode}): {errors.Trim()}");
        }

        return emulators;
    }

    /// <summary>A loopback TCP port nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync("stop.sh", null, _runDirectory, new Dictionary<string, string>(), s_stopTimeout, CancellationToken.None);
        if (Directory.Exists(_runDirectory))
        {
            Directory.Delete(_runDirectory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunScriptAsync(
        string script, string? service, string runDirectory, IReadOnlyDictionary<string, string> settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(ScriptsFolder, script));
        if (service is not null)
        {
            start.ArgumentList.Add(service);
        }

        start.Environment["DARA_EMULATOR_RUN_DIR"] = runDirectory;
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"bash {script} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tests/emulators/{script} did not finish within {timeout.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Reads start.sh's <c>export NAME=value</c> lines (values may be single-quoted).</summary>
    private static Dictionary<string, string> ParseExports(string output)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (!line.StartsWith("export ", StringComparison.Ordinal) || equals < 0)
            {
                continue;
            }

            var value = line[(equals + 1)..];
            if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
            {
                value = value[1..^1];
            }

            variables[line["export ".Length..equals]] = value;
        }

        return variables;
    }
}
