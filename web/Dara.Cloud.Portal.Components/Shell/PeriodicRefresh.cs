namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// Calls <c>refresh</c> at every tick of a clock until it answers false or this is disposed: what a component that
/// follows something live (a running job) holds, and disposes with itself. Calls never overlap: a tick that passes
/// during a slow call is taken once, when the call ends.
/// </summary>
public sealed class PeriodicRefresh : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    /// <summary>Starts ticking; the first call comes one <paramref name="interval"/> from now.</summary>
    public PeriodicRefresh(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task<bool>> refresh)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(refresh);
        _running = RunAsync(interval, time, refresh);
    }

    /// <summary>False once <c>refresh</c> answered false, or this was disposed.</summary>
    public bool IsRunning => !_running.IsCompleted;

    private async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task<bool>> refresh)
    {
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(_stop.Token) && await refresh(_stop.Token))
            {
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed while waiting for the next tick: nothing more to do.
        }
    }

    /// <summary>Stops the ticks and waits for a call under way to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }
}
