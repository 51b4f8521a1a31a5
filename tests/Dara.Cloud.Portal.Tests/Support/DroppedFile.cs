using Microsoft.AspNetCore.Components.Forms;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>A file as the browser hands it over: its stream refuses more than the allowed size, as Blazor's does.</summary>
internal sealed class DroppedFile(string name, byte[] bytes) : IBrowserFile
{
    private TrackedStream? _stream;

    public string Name => name;

    public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;

    public long Size => bytes.LongLength;

    public string ContentType => "application/octet-stream";

    /// <summary>How far the last stream opened was read when it was closed.</summary>
    public long BytesRead => _stream?.Furthest ?? 0;

    public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default)
    {
        if (Size > maxAllowedSize)
        {
            throw new IOException($"Supplied file with size {Size} bytes exceeds the maximum of {maxAllowedSize} bytes.");
        }

        return _stream = new TrackedStream(bytes);
    }

    /// <summary>Remembers how far it was read when it is closed.</summary>
    private sealed class TrackedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long Furthest { get; private set; }

        protected override void Dispose(bool disposing)
        {
            if (disposing && CanSeek)
            {
                Furthest = Position;
            }

            base.Dispose(disposing);
        }
    }
}
