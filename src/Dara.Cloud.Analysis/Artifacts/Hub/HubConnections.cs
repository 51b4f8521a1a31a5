using System.Net.Sockets;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// The handler <see cref="HubClient"/> sends through when it owns its HttpClient. It bounds the TCP connect on its
/// own: a Hub behind a firewall that drops packets never refuses, so without a bound each attempt would wait out the
/// whole attempt timeout and then be retried. SocketsHttpHandler's own <c>ConnectTimeout</c> reports its expiry as a
/// cancellation, indistinguishable from a caller's timeout; a connect that this callback gives up on is reported as a
/// socket <see cref="SocketError.TimedOut"/> instead, which the handler wraps as a connection error and
/// <see cref="HubResilience.IsUnreachable"/> recognises.
/// </summary>
internal static class HubConnections
{
    public static SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, connectTimeout, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(System.Net.DnsEndPoint endPoint, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        // A dual-mode socket connects to whichever of the host's IPv6 and IPv4 addresses answers, as the default does.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connectTimeout);
        try
        {
            await socket.ConnectAsync(endPoint, deadline.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut,
                $"No answer to the connection within {connectTimeout.TotalSeconds:0.###} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
