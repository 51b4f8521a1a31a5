using System.Net;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>
/// Request content produced as it is sent: a head (a safetensors header, a JSON opening) then <see cref="Filler"/>
/// bytes of zeros, never held in memory. Counts what the server pulled, so a test can tell a server that stopped
/// reading early from one that buffered everything.
/// </summary>
internal sealed class GeneratedContent(byte[] head, long filler) : HttpContent
{
    private long _sent;

    public long Filler => filler;

    public long Length => head.LongLength + filler;

    /// <summary>Bytes handed to the transport so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(head, cancellationToken);
        Interlocked.Add(ref _sent, head.Length);
        var zeros = new byte[64 * 1024];
        for (var left = filler; left > 0;)
        {
            var n = (int)Math.Min(zeros.Length, left);
            await stream.WriteAsync(zeros.AsMemory(0, n), cancellationToken);
            Interlocked.Add(ref _sent, n);
            left -= n;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }
}
