using System.Net;
using System.Net.Sockets;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>A Hub address nothing listens on, for tests of a Hub that cannot be reached.</summary>
public static class ClosedPort
{
    /// <summary>
    /// <c>http://127.0.0.1:&lt;port&gt;</c> on a loopback port that was free a moment ago: bound to find it, then closed,
    /// so a connection to it is refused at once.
    /// </summary>
    public static Uri Endpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        }
        finally
        {
            listener.Stop();
        }
    }
}
