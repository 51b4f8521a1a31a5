namespace Dara.Cloud.Portal.Ui;

/// <summary>
/// A page's live subscription to an organization's model changes (<see cref="IOrganizationObserver"/>). Changes that
/// arrive close together (a policy change re-checks every model) are handed over as one batch, with the models among
/// them that became flagged, so a page renders (and alerts) once per burst rather than once per model. The grain forgets a subscriber after five minutes, so the watch renews
/// it well before then; disposing it unsubscribes.
/// </summary>
public sealed partial class OrganizationWatch : IOrganizationObserver, IAsyncDisposable
{
    /// <summary>How often the subscription is renewed (the grain keeps one for five minutes).</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromMinutes(2);

    /// <summary>How long changes are gathered before the page hears of them.</summary>
    public static readonly TimeSpan Coalescing = TimeSpan.FromMilliseconds(250);

    private readonly OrgScope _scope;
    private readonly Func<ModelChanges, Task> _onChanged;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<ModelSummary> _pending = [];
    private readonly List<ModelAlert> _flagged = [];
    private IOrganizationObserver? _reference;
    private Task _renewing = Task.CompletedTask;
    private bool _flushScheduled;

    private OrganizationWatch(OrgScope scope, Func<ModelChanges, Task> onChanged, ILogger logger)
    {
        _scope = scope;
        _onChanged = onChanged;
        _logger = logger;
    }

    /// <summary>Subscribes to <paramref name="scope"/>'s organization; <paramref name="onChanged"/> gets each batch of changes.</summary>
    public static async Task<OrganizationWatch> StartAsync(OrgScope scope, Func<ModelChanges, Task> onChanged, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(onChanged);
        ArgumentNullException.ThrowIfNull(logger);
        var watch = new OrganizationWatch(scope, onChanged, logger);
        watch._reference = scope.Grains.CreateObjectReference<IOrganizationObserver>(watch);
        await scope.OrganizationAsync(organization => organization.SubscribeAsync(watch._reference));
        watch._renewing = watch.RenewAsync();
        return watch;
    }

    Task IOrganizationObserver.OnModelChangedAsync(ModelSummary summary) => Gather(() => _pending.Add(summary));

    Task IOrganizationObserver.OnModelFlaggedAsync(ModelAlert alert) => Gather(() => _flagged.Add(alert));

    private Task Gather(Action add)
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }

            add();
            if (_flushScheduled)
            {
                return Task.CompletedTask;
            }

            _flushScheduled = true;
        }

        _ = FlushSoonAsync();
        return Task.CompletedTask;
    }

    private async Task FlushSoonAsync()
    {
        try
        {
            await Task.Delay(Coalescing, _stop.Token);
            ModelChanges batch;
            lock (_gate)
            {
                batch = new ModelChanges([.. _pending], [.. _flagged]);
                _pending.Clear();
                _flagged.Clear();
                _flushScheduled = false;
            }

            await _onChanged(batch);
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
        catch (Exception exception)
        {
            // A page that cannot refresh keeps what it shows; the next change tries again.
            Log.RefreshFailed(_logger, exception, _scope.Tenant.Value);
        }
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(Renewal);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await _scope.OrganizationAsync(organization => organization.SubscribeAsync(_reference!));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.RenewalFailed(_logger, exception, _scope.Tenant.Value);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
        }

        await _renewing;
        if (_reference is not null)
        {
            try
            {
                await _scope.OrganizationAsync(organization => organization.UnsubscribeAsync(_reference));
            }
            catch (Exception exception)
            {
                // The grain drops the subscription by itself after five minutes.
                Log.UnsubscribeFailed(_logger, exception, _scope.Tenant.Value);
            }

            _scope.Grains.DeleteObjectReference<IOrganizationObserver>(_reference);
        }

        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "A page could not refresh after a change in {Organization}")]
        public static partial void RefreshFailed(ILogger logger, Exception exception, string organization);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A page could not renew its subscription to {Organization}")]
        public static partial void RenewalFailed(ILogger logger, Exception exception, string organization);

        [LoggerMessage(Level = LogLevel.Debug, Message = "A page could not unsubscribe from {Organization}")]
        public static partial void UnsubscribeFailed(ILogger logger, Exception exception, string organization);
    }
}

/// <summary>One batch of an organization's model changes: every model that changed, and those that became flagged.</summary>
public sealed record ModelChanges(IReadOnlyList<ModelSummary> Changed, IReadOnlyList<ModelAlert> Flagged);
