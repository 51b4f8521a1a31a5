using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Dara.Cloud.Persistence.Cosmos;

/// <summary>
/// Grain state in a Cosmos DB container, one document per (state name, grain), partitioned by tenant.
/// Only point operations: Create when the caller has no ETag, Replace or Delete with If-Match when it has one,
/// so a lost race (409, 412, or a record that vanished) is an <see cref="InconsistentStateException"/>.
/// </summary>
internal sealed partial class CosmosGrainStorage(
    string name,
    CosmosGrainStorageOptions options,
    IActivatorProvider activators,
    ILogger<CosmosGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public const string PartitionKeyPath = "/pk";

    /// <summary>Cosmos DB's limit on a document's size.</summary>
    public const int MaxDocumentBytes = 2 * 1024 * 1024;

    private const string RetryAfterHeader = "x-ms-retry-after-ms";

    private const string SubStatusHeader = "x-ms-substatus";

    private const string MissingOwnerSubStatus = "1003";

    private static readonly ItemRequestOptions s_createOptions = new() { EnableContentResponseOnWrite = false };

    private readonly IGrainStorageSerializer _serializer = options.GrainStorageSerializer;
    private readonly Lock _initializationLock = new();
    private CosmosClient? _client;
    private Task<Container>? _container;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var (id, partitionKey, _) = Locate(stateName, grainId);
        var container = await ContainerAsync().ConfigureAwait(false);
        using var response = await SendAsync(
            "read", stateName, grainId,
            () => container.ReadItemStreamAsync(id, partitionKey, cancellationToken: cancellationToken),
            cancellationToken).ConfigureAwait(false);

        if (IsMissingDocument(response))
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        EnsureSuccess(response, "read", stateName, grainId);
        var document = await JsonSerializer.DeserializeAsync(response.Content, CosmosStateDocumentJson.Default.CosmosStateDocument, cancellationToken).ConfigureAwait(false)
            ?? throw new OrleansException($"Cosmos DB returned an empty document for state '{stateName}' of grain {grainId}.");
        grainState.State = Deserialize<T>(stateName, grainId, document.Payload);
        grainState.ETag = response.Headers.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var (id, partitionKey, partitionKeyValue) = Locate(stateName, grainId);
        var expected = string.IsNullOrEmpty(grainState.ETag) ? null : grainState.ETag;
        var document = new CosmosStateDocument(id, partitionKeyValue, stateName, grainId.ToString(), _serializer.Serialize(grainState.State).ToArray());
        var body = JsonSerializer.SerializeToUtf8Bytes(document, CosmosStateDocumentJson.Default.CosmosStateDocument);
        if (body.Length > MaxDocumentBytes)
        {
            throw new OrleansException(
                $"State '{stateName}' of grain {grainId} needs a {body.Length / 1024} KiB document in Cosmos DB grain storage '{name}'; " +
                $"Cosmos DB stores at most {MaxDocumentBytes / 1024} KiB per document (the state is base64-encoded, a third larger than serialized).");
        }

        var container = await ContainerAsync().ConfigureAwait(false);

        // A new stream per attempt: a throttled attempt has consumed the previous one.
        using var response = expected is null
            ? await SendAsync(
                "create", stateName, grainId,
                () => container.CreateItemStreamAsync(new MemoryStream(body, writable: false), partitionKey, s_createOptions, cancellationToken),
                cancellationToken).ConfigureAwait(false)
            : await SendAsync(
                "replace", stateName, grainId,
                () => container.ReplaceItemStreamAsync(new MemoryStream(body, writable: false), id, partitionKey, IfMatch(expected), cancellationToken),
                cancellationToken).ConfigureAwait(false);

        if (IsLostRace(response))
        {
            throw Conflict("write", stateName, grainId, expected, response.StatusCode);
        }

        EnsureSuccess(response, "write", stateName, grainId);
        grainState.ETag = response.Headers.ETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var (id, partitionKey, _) = Locate(stateName, grainId);
        var expected = string.IsNullOrEmpty(grainState.ETag) ? null : grainState.ETag;
        var container = await ContainerAsync().ConfigureAwait(false);

        if (expected is null)
        {
            // Nothing was read or written by this caller: clearing is a no-op unless someone else created a record.
            using var existing = await SendAsync(
                "read", stateName, grainId,
                () => container.ReadItemStreamAsync(id, partitionKey, cancellationToken: cancellationToken),
                cancellationToken).ConfigureAwait(false);
            if (!IsMissingDocument(existing))
            {
                EnsureSuccess(existing, "read", stateName, grainId);
                throw Conflict("clear", stateName, grainId, expected, HttpStatusCode.Conflict);
            }
        }
        else
        {
            using var response = await SendAsync(
                "delete", stateName, grainId,
                () => container.DeleteItemStreamAsync(id, partitionKey, IfMatch(expected), cancellationToken),
                cancellationToken).ConfigureAwait(false);
            if (IsLostRace(response))
            {
                throw Conflict("clear", stateName, grainId, expected, response.StatusCode);
            }

            EnsureSuccess(response, "clear", stateName, grainId);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<CosmosGrainStorage>(name), options.InitStage, InitializeAsync);

    public void Dispose() => _client?.Dispose();

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await ContainerAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        LogOpened(logger, name, options.AccountEndpoint, options.DatabaseName, options.ContainerName);
    }

    /// <summary>The container, checked (and created if allowed) once; a failed attempt is retried by the next caller.</summary>
    private Task<Container> ContainerAsync()
    {
        lock (_initializationLock)
        {
            if (_container is null || _container.IsFaulted || _container.IsCanceled)
            {
                _container = OpenContainerAsync();
            }

            return _container;
        }
    }

    private async Task<Container> OpenContainerAsync()
    {
        _client ??= CreateClient();
        if (options.CreateResources)
        {
            await RetryThrottledAsync(() => _client.CreateDatabaseIfNotExistsAsync(options.DatabaseName)).ConfigureAwait(false);
        }

        var container = _client.GetContainer(options.DatabaseName, options.ContainerName);
        ContainerProperties properties;
        try
        {
            properties = (await RetryThrottledAsync(() => container.ReadContainerAsync()).ConfigureAwait(false)).Resource;
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            if (!options.CreateResources)
            {
                throw new InvalidOperationException(
                    $"Cosmos DB container {options.DatabaseName}/{options.ContainerName} does not exist and grain storage '{name}' may not create it (CreateResources is off).",
                    exception);
            }

            var database = _client.GetDatabase(options.DatabaseName);
            var created = await RetryThrottledAsync(
                () => database.CreateContainerIfNotExistsAsync(new ContainerProperties(options.ContainerName, PartitionKeyPath))).ConfigureAwait(false);
            properties = created.Resource;
        }

        // Documents carry their partition key in "pk": a container partitioned by anything else would scatter them.
        if (properties.PartitionKeyPath is { } path && path != PartitionKeyPath)
        {
            throw new InvalidOperationException(
                $"Cosmos DB container {options.DatabaseName}/{options.ContainerName} is partitioned by '{path}'; grain storage '{name}' needs '{PartitionKeyPath}'.");
        }

        return container;
    }

    /// <summary>Startup's metadata calls, retried after the server's RetryAfter when throttled, within the same budget as grain state requests.</summary>
    private async Task<TResponse> RetryThrottledAsync<TResponse>(Func<Task<TResponse>> send)
    {
        var waited = TimeSpan.Zero;
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await send().ConfigureAwait(false);
            }
            catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.TooManyRequests
                && retry < options.MaxThrottledRetries
                && waited + (exception.RetryAfter ?? Backoff(retry)) <= options.MaxThrottledWait)
            {
                var delay = exception.RetryAfter ?? Backoff(retry);
                await Task.Delay(delay).ConfigureAwait(false);
                waited += delay;
            }
        }
    }

    private CosmosClient CreateClient()
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "Dara.Cloud",
            ConnectionMode = options.ConnectionMode,
            LimitToEndpoint = options.LimitToEndpoint,
            // The provider retries throttled requests itself (SendAsync), so that the last 429 reaches it and
            // surfaces as a clear error instead of disappearing inside the SDK's own retry budget.
            MaxRetryAttemptsOnRateLimitedRequests = 0,
            EnableContentResponseOnWrite = false,
        };
        options.ConfigureClientOptions?.Invoke(clientOptions);

        var endpoint = options.AccountEndpoint!;
        return string.IsNullOrEmpty(options.AccountKey)
            ? new CosmosClient(endpoint, options.Credential!, clientOptions)
            : new CosmosClient(endpoint, options.AccountKey, clientOptions);
    }

    /// <summary>Sends a request, retrying 429 answers after the server's RetryAfter within the options' budget.</summary>
    private async Task<ResponseMessage> SendAsync(
        string operation, string stateName, GrainId grainId, Func<Task<ResponseMessage>> send, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var retry = 0; ; retry++)
        {
            var response = await send().ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            var delay = RetryAfter(response, retry);
            response.Dispose();
            if (retry >= options.MaxThrottledRetries || waited + delay > options.MaxThrottledWait)
            {
                LogGaveUp(logger, operation, stateName, grainId, retry, waited);
                throw new CosmosGrainStorageThrottledException(
                    $"Cosmos DB kept answering 429 (request rate too large) to the {operation} of state '{stateName}' of grain {grainId} " +
                    $"after {retry} retries over {waited.TotalSeconds:0.###} s; raise the throughput of container " +
                    $"{options.DatabaseName}/{options.ContainerName} or lower the load.");
            }

            LogThrottled(logger, operation, stateName, grainId, delay);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            waited += delay;
        }
    }

    private static TimeSpan RetryAfter(ResponseMessage response, int retry)
    {
        if (double.TryParse(response.Headers[RetryAfterHeader], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return Backoff(retry);
    }

    // No hint from the server: back off exponentially, from 100 ms up to 5 s.
    private static TimeSpan Backoff(int retry) => TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, retry)));

    private (string Id, PartitionKey PartitionKey, string PartitionKeyValue) Locate(string stateName, GrainId grainId)
    {
        var partitionKey = options.PartitionKeySelector(stateName, grainId);
        if (string.IsNullOrEmpty(partitionKey))
        {
            throw new ArgumentException($"The partition key selector of grain storage '{name}' gave no partition key for state '{stateName}' of grain {grainId}.", nameof(grainId));
        }

        return (CosmosDocumentId.For(stateName, grainId), new PartitionKey(partitionKey), partitionKey);
    }

    private static ItemRequestOptions IfMatch(string etag) => new() { IfMatchEtag = etag, EnableContentResponseOnWrite = false };

    /// <summary>404 for the document itself, not for its container or database (sub-status 1003, "owner resource does not exist").</summary>
    private static bool IsMissingDocument(ResponseMessage response) =>
        response.StatusCode == HttpStatusCode.NotFound && response.Headers[SubStatusHeader] != MissingOwnerSubStatus;

    // 409: a create found a record; 412: the record's ETag moved on; 404: the record a write or clear expected is gone.
    private static bool IsLostRace(ResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed || IsMissingDocument(response);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? expected, HttpStatusCode status)
    {
        var found = status switch
        {
            HttpStatusCode.Conflict => "a record already exists",
            HttpStatusCode.NotFound => "the record no longer exists",
            _ => "the record has changed",
        };
        LogConflict(logger, operation, stateName, grainId, (int)status, expected);
        return new InconsistentStateException(
            $"Cosmos DB grain storage '{name}' refused to {operation} state '{stateName}' of grain {grainId}: the caller expected " +
            $"{(expected is null ? "no record" : $"ETag {expected}")} but {found} ({(int)status}); another activation or writer changed it.",
            status == HttpStatusCode.NotFound ? string.Empty : "unknown",
            expected ?? string.Empty);
    }

    private void EnsureSuccess(ResponseMessage response, string operation, string stateName, GrainId grainId)
    {
        if (!response.IsSuccessStatusCode)
        {
            LogFailed(logger, operation, stateName, grainId, (int)response.StatusCode, response.ErrorMessage);
            response.EnsureSuccessStatusCode();
        }
    }

    private T Deserialize<T>(string stateName, GrainId grainId, byte[] payload)
    {
        try
        {
            // A stored null (a grain that wrote a null state) reads back as a fresh state, as on first activation.
            return _serializer.Deserialize<T>(new BinaryData(payload)) ?? activators.GetActivator<T>().Create();
        }
        catch (Exception exception)
        {
            LogUnreadable(logger, exception, stateName, grainId);
            throw new OrleansException(
                $"Cosmos DB grain storage '{name}' could not read state '{stateName}' of grain {grainId} as {typeof(T).Name} ({payload.Length} bytes): {exception.Message}",
                exception);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Cosmos DB grain storage {Provider} keeps grain state in {Endpoint} {Database}/{Container}")]
    private static partial void LogOpened(ILogger logger, string provider, string? endpoint, string database, string container);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug,
        Message = "Refused to {Operation} state {StateName} of grain {GrainId}: status {Status}, expected ETag {ExpectedETag}")]
    private static partial void LogConflict(ILogger logger, string operation, string stateName, GrainId grainId, int status, string? expectedETag);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Cosmos DB throttled the {Operation} of state {StateName} of grain {GrainId}; retrying after {Delay}")]
    private static partial void LogThrottled(ILogger logger, string operation, string stateName, GrainId grainId, TimeSpan delay);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "Cosmos DB still throttled the {Operation} of state {StateName} of grain {GrainId} after {Retries} retries over {Waited}")]
    private static partial void LogGaveUp(ILogger logger, string operation, string stateName, GrainId grainId, int retries, TimeSpan waited);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error,
        Message = "Cosmos DB failed the {Operation} of state {StateName} of grain {GrainId} with status {Status}: {Error}")]
    private static partial void LogFailed(ILogger logger, string operation, string stateName, GrainId grainId, int status, string? error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "State {StateName} of grain {GrainId} could not be deserialized")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string stateName, GrainId grainId);
}
