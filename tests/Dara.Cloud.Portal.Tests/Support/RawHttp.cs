using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>
/// Sends one HTTP/1.1 request over a plain socket while reading the answer at the same time, as a browser or curl does:
/// a server that answers 413 part-way through an upload is seen answering, where HttpClient would report only the
/// connection reset that follows.
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, string Body);

    public static async Task<Answer> PostAsync(Uri server, string path, IEnumerable<KeyValuePair<string, string>> headers, HttpContent content)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {content.Headers.ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {content.Headers.ContentLength}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            try
            {
                await content.CopyToAsync(stream, stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The server stopped reading, as it should for a refused upload.
            }
        });

        var answer = await ReadAnswerAsync(stream);
        await stop.CancelAsync();
        client.Close();
        await sending;
        return answer;
    }

    private static async Task<Answer> ReadAnswerAsync(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0)
            {
                throw new IOException("The server closed the connection before answering.");
            }

            buffer.Write(chunk, 0, n);
        }

        var bytes = buffer.ToArray();
        var lines = Encoding.ASCII.GetString(bytes, 0, headerEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var rest = new MemoryStream();
        rest.Write(bytes, headerEnd + 4, bytes.Length - headerEnd - 4);
        if (headers.TryGetValue("Content-Length", out var length))
        {
            while (rest.Length < long.Parse(length, CultureInfo.InvariantCulture))
            {
                var n = await stream.ReadAsync(chunk);
                if (n == 0)
                {
                    break;
                }

                rest.Write(chunk, 0, n);
            }

            return new Answer(status, Encoding.UTF8.GetString(rest.ToArray()));
        }

        // Chunked: read until the terminating zero-length chunk, then decode.
        while (IndexOf(rest, "\r\n0\r\n\r\n"u8) < 0 && !rest.ToArray().AsSpan().StartsWith("0\r\n\r\n"u8))
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0)
            {
                break;
            }

            rest.Write(chunk, 0, n);
        }

        return new Answer(status, Dechunk(rest.ToArray()));
    }

    private static string Dechunk(byte[] body)
    {
        var text = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.AsSpan(position).IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(body, position, lineEnd), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(body, position + lineEnd + 2, size));
            position += lineEnd + 2 + size + 2;
        }

        return text.ToString();
    }

    private static int IndexOf(MemoryStream stream, ReadOnlySpan<byte> pattern) => stream.GetBuffer().AsSpan(0, (int)stream.Length).IndexOf(pattern);
}
