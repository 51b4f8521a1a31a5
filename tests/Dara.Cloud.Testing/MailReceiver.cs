using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Dara.Cloud.Testing;

/// <summary>
/// A mail server on a loopback port (SmtpServer, a real SMTP implementation): takes every message, parses it with
/// MimeKit, and answers each with the next reply queued by <see cref="AnswerNext"/>, or 250.
/// </summary>
public sealed class MailReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<SmtpReplyCode> _answers = new();
    private readonly ConcurrentQueue<ReceivedMail> _all = new();
    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer? _server;
    private Task _running = Task.CompletedTask;

    private MailReceiver(int port) => Port = port;

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<ReceivedMail> Received => _all.ToArray();

    public static async Task<MailReceiver> StartAsync()
    {
        var receiver = new MailReceiver(FreeLoopbackPort());
        var options = new SmtpServerOptionsBuilder()
            .ServerName("mail.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, receiver.Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(receiver));
        receiver._server = new SmtpServer.SmtpServer(options, services);
        receiver._running = receiver._server.StartAsync(receiver._stop.Token);
        await receiver.WaitUntilListeningAsync().ConfigureAwait(false);
        return receiver;
    }

    /// <summary>The next messages are answered with these replies, in order (then 250 again).</summary>
    public void AnswerNext(params SmtpReplyCode[] replies)
    {
        foreach (var reply in replies)
        {
            _answers.Enqueue(reply);
        }
    }

    /// <summary>The messages received so far for <paramref name="address"/> (an envelope recipient), in order.</summary>
    public IReadOnlyList<ReceivedMail> To(string address) =>
        Received.Where(mail => mail.To.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until <paramref name="count"/> messages for <paramref name="address"/> have
    /// arrived, and returns those received by then (fewer when the time ran out).
    /// </summary>
    public Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string address, int count, TimeSpan timeout) =>
        Eventually.ReadAsync(() => Task.FromResult(To(address)), mails => mails.Count >= count, timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked.
        }

        _stop.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // StartAsync runs until stopped and says nothing when it listens: a connection that is accepted does.
    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_running.IsCompleted)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }

    private SmtpResponse Receive(IMessageTransaction transaction, MimeMessage message)
    {
        var mail = new ReceivedMail(
            $"{transaction.From.User}@{transaction.From.Host}",
            transaction.To.Select(to => $"{to.User}@{to.Host}").ToList(),
            message);
        _all.Enqueue(mail);
        return _answers.TryDequeue(out var reply) ? new SmtpResponse(reply, $"{(int)reply} as the test asked") : SmtpResponse.Ok;
    }

    private sealed class Store(MailReceiver receiver) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            return receiver.Receive(transaction, message);
        }
    }
}

/// <summary>One message a <see cref="MailReceiver"/> took: the envelope's sender and recipients, and the message.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, MimeMessage Message)
{
    public string Subject => Message.Subject ?? string.Empty;

    public string Text => Message.TextBody ?? string.Empty;

    public string Html => Message.HtmlBody ?? string.Empty;

    public string Header(string name) => Message.Headers[name] is { } value ? value.Trim() : string.Empty;
}
