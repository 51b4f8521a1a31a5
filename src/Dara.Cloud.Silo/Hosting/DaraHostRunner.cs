using Dara.Cloud.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Runs a Dara host from its Program.cs. A host that cannot start for a reason its operator can fix
/// (<see cref="StartupProblem"/>) ends with one line naming it and exit code 1, instead of an unhandled exception's
/// stack trace and an abort (exit 134).
/// </summary>
public static class DaraHostRunner
{
    /// <param name="program">How the line starts: the program's name.</param>
    /// <param name="build">Builds the host (configuration is read and validated here).</param>
    /// <param name="error">Where the line goes; standard error when null.</param>
    /// <returns>The process exit code: 0 after a normal shutdown, 1 when the host could not start.</returns>
    public static int Run(string program, Func<IHost> build, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        error ??= Console.Error;
        IHost host;
        try
        {
            host = build();
        }
        catch (Exception e) when (StartupProblem.Describe(e) is { } problem)
        {
            error.WriteLine($"{program}: {problem}");
            return 1;
        }

        using (host)
        {
            // Read before running: a host that fails to start is disposed by Run, its services with it.
            var silo = SiloOptionsOf(host);
            try
            {
                host.Run();
                return 0;
            }
            catch (Exception e) when (StartupProblem.Describe(e, silo) is { } problem)
            {
                error.WriteLine($"{program}: {problem}");
                return 1;
            }
        }
    }

    private static DaraSiloOptions? SiloOptionsOf(IHost host)
    {
        try
        {
            return host.Services.GetService<IOptions<DaraSiloOptions>>()?.Value;
        }
        catch (Exception e) when (e is ObjectDisposedException or OptionsValidationException)
        {
            return null;
        }
    }
}
