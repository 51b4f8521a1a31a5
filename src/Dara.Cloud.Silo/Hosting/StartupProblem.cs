using System.Net.Sockets;
using Dara.Cloud.Silo.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Why a host could not start, in one line, when the reason is one its operator can fix: a setting out of range or
/// of the wrong type, a port another process holds, a data folder another silo uses. Null for anything else: a fault
/// in the product keeps its stack trace.
/// </summary>
public static class StartupProblem
{
    /// <param name="exception">What building or starting the host threw.</param>
    /// <param name="silo">The silo's settings when known (to name the Orleans ports it listens on).</param>
    public static string? Describe(Exception exception, DaraSiloOptions? silo = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var chain = Chain(exception).ToList();
        if (chain.OfType<OptionsValidationException>().FirstOrDefault() is { } invalid)
        {
            return string.Join(" ", invalid.Failures.Select(f => f.Trim()));
        }

        if (chain.OfType<DataFolderInUseException>().FirstOrDefault() is { } inUse)
        {
            return inUse.Message;
        }

        // Kestrel names the address it could not bind; Orleans' listeners do not, so their ports are named here.
        if (chain.OfType<IOException>().FirstOrDefault(e => e.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal)) is { } kestrel)
        {
            return $"{kestrel.Message} Is another portal running? Choose another address with --urls.";
        }

        if (chain.Any(e => e is AddressInUseException || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }))
        {
            var ports = silo is null ? "" : $" (silo port {silo.Clustering.SiloPort}, gateway port {silo.Clustering.GatewayPort})";
            return $"a port the silo listens on is already in use{ports}. Is another portal or silo running? " +
                "Choose others with --Dara:Clustering:SiloPort and --Dara:Clustering:GatewayPort.";
        }

        // The configuration binder's own words, with the value it could not read: "Failed to convert configuration
        // value at 'Dara:Clustering:Mode' to type '…'. Bogus is not a valid value for DaraClusteringMode."
        if (exception is InvalidOperationException binding && binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            return string.Join(" ", chain.Take(2).Select(e => e.Message.Trim()));
        }

        return null;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }

            yield return e;
        }
    }
}
