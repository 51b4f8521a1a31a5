using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// Sends alert e-mails through the deployment's mail server (MailKit). A connection failure, a time-out or a 4xx reply
/// (the server is busy, greylisting, a mailbox over quota for now) is tried again with exponential back-off, as alert
/// deliveries are (<see cref="AlertOptions"/>); a 5xx reply (no such mailbox, relaying refused, signing in refused) is
/// final. One instance serves every organization; each message is one connection, as alerts are few.
/// </summary>
public sealed class AlertMailer
{
    private readonly EmailAlertOptions _server;
    private readonly AlertOptions _delivery;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;
    private readonly ResiliencePipeline _once;

    public AlertMailer(IOptions<EmailAlertOptions> server, IOptions<AlertOptions> delivery, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(delivery);
        _server = server.Value;
        _delivery = delivery.Value;
        _time = time;
        _pipeline = BuildPipeline(_delivery, _delivery.MaxAttempts);
        _once = BuildPipeline(_delivery, 1);
    }

    /// <summary>Whether this deployment sends e-mail at all.</summary>
    public bool IsConfigured => _server.IsConfigured;

    /// <summary>The mail server's settings (the sender, the portal's address for links).</summary>
    public EmailAlertOptions Server => _server;

    /// <summary>
    /// Hands <paramref name="message"/> to the mail server, trying again while that may help (unless
    /// <paramref name="retry"/> is false: a test someone waits on tries once), and says how it went.
    /// </summary>
    public async Task<EmailAlertDelivery> SendAsync(AlertMessage message, bool retry = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attempts = 0;
        string? error = null;
        try
        {
            await (retry ? _pipeline : _once).ExecuteAsync(
                async token =>
                {
                    attempts++;
                    await SendOnceAsync(message.Mime, token);
                },
                cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            error = $"no answer from {_server.Host} within {_delivery.AttemptTimeout.TotalSeconds:0.#} s";
        }
        catch (SmtpCommandException e)
        {
            error = $"the mail server answered {(int)e.StatusCode}: {e.Message}";
        }
        catch (AuthenticationException e)
        {
            error = $"the mail server refused the sign-in: {e.Message}";
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            error = $"could not reach the mail server {_server.Host}:{_server.Port}: {e.Message}";
        }

        return new EmailAlertDelivery(message.Id, message.Address, message.Mime.Subject ?? string.Empty, message.Models, _time.GetUtcNow(), error, attempts);
    }

    private async Task SendOnceAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(_server.Host ?? throw new InvalidOperationException("No mail server is set (Dara:Alerts:Email:Host)."), _server.Port, _server.Security, cancellationToken);
        if (!string.IsNullOrEmpty(_server.UserName))
        {
            await client.AuthenticateAsync(_server.UserName, _server.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private static ResiliencePipeline BuildPipeline(AlertOptions options, int attempts)
    {
        var builder = new ResiliencePipelineBuilder();
        if (attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<SmtpCommandException>(e => (int)e.StatusCode is >= 400 and < 500)
                    .Handle<TimeoutRejectedException>()
                    .Handle<Exception>(IsConnectionFailure),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException;
}

/// <summary>One e-mail ready to send: its id, who it is for, how many models it names, and the message.</summary>
public sealed record AlertMessage(string Id, string Address, int Models, MimeMessage Mime);
