using System.Net;
using System.Net.Sockets;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>
/// A loopback port that never answers a connection, as a Hub behind a firewall that drops packets: it listens with
/// no room in its accept queue, and one connection that is never accepted fills it, so Linux drops every later SYN
/// and the connect waits with no answer instead of being refused.
/// </summary>
public sealed class SilentPort : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _queueFiller = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public SilentPort()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        _queueFiller.Connect(_listener.LocalEndPoint!);
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}");
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Endpoint { get; }

    public void Dispose()
    {
        _queueFiller.Dispose();
        _listener.Dispose();
    }
}
