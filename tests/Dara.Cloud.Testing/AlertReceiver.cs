using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dara.Cloud.Testing;

/// <summary>
/// A receiver of Dara's alerts on a loopback port: records every POST (headers and body) and answers each with the
/// next status queued by <see cref="AnswerNext"/>, or 200; or holds them unanswered (<see cref="Hold"/>).
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<HttpStatusCode> _answers = new();
    private readonly Channel<ReceivedAlert> _received = Channel.CreateUnbounded<ReceivedAlert>();
    private readonly ConcurrentQueue<ReceivedAlert> _all = new();
    private TaskCompletionSource? _hold;

    private AlertReceiver(WebApplication app) => _app = app;

    /// <summary>Where alerts should go: <c>http://127.0.0.1:port/hooks/dara</c>.</summary>
    public string Url { get; private set; } = null!;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<ReceivedAlert> Received => _all.ToArray();

    public static async Task<AlertReceiver> StartAsync()
    {
        var app = LoopbackApp.Create();
        var receiver = new AlertReceiver(app);
        app.MapPost("/hooks/dara", receiver.ReceiveAsync);
        receiver.Url = new Uri(await LoopbackApp.StartAsync(app).ConfigureAwait(false), "/hooks/dara").AbsoluteUri;
        return receiver;
    }

    /// <summary>The next requests are answered with these statuses, in order (then 200 again).</summary>
    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    /// <summary>Requests from now on are recorded but not answered until <see cref="Release"/>: a receiver that hangs.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers the held requests and stops holding.</summary>
    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    /// <summary>The next request received (waiting for it up to <paramref name="timeout"/>).</summary>
    public async Task<ReceivedAlert> NextAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cancellation.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body).ConfigureAwait(false);
        var alert = new ReceivedAlert(
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray());
        _all.Enqueue(alert);
        _received.Writer.TryWrite(alert);
        if (Volatile.Read(ref _hold) is { } hold)
        {
            try
            {
                await hold.Task.WaitAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The sender went away while its request was held.
                return Results.Empty;
            }
        }

        return Results.StatusCode((int)(_answers.TryDequeue(out var status) ? status : HttpStatusCode.OK));
    }
}

/// <summary>One request an <see cref="AlertReceiver"/> received.</summary>
public sealed record ReceivedAlert(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}
