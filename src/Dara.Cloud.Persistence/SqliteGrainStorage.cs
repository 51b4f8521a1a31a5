using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Dara.Cloud.Persistence;

/// <summary>
/// Grain state in one SQLite table, one row per (state name, grain), with ETag optimistic concurrency:
/// a write or clear whose ETag is not the stored one fails with <see cref="InconsistentStateException"/>.
/// </summary>
internal sealed partial class SqliteGrainStorage(
    string name,
    SqliteGrainStorageOptions options,
    SqliteGrainDatabase database,
    IActivatorProvider activators,
    TimeProvider time,
    ILogger<SqliteGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string KeyFilter = "state_name = $state AND grain_type = $type AND grain_key = $key";

    private readonly IGrainStorageSerializer _serializer = options.GrainStorageSerializer;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = KeyedCommand(connection, transaction: null, $"SELECT etag, payload FROM grain_state WHERE {KeyFilter};", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var etag = reader.GetString(0);
        var payload = reader.GetFieldValue<byte[]>(1);
        grainState.State = Deserialize<T>(stateName, grainId, payload);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var expected = NullIfEmpty(grainState.ETag);
        var etag = NewETag();
        var modified = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var sql = expected is null
            ? """
              INSERT INTO grain_state (state_name, grain_type, grain_key, etag, payload, modified)
              VALUES ($state, $type, $key, $etag, $payload, $modified)
              ON CONFLICT (state_name, grain_type, grain_key) DO NOTHING;
              """
            : $"UPDATE grain_state SET etag = $etag, payload = $payload, modified = $modified WHERE {KeyFilter} AND etag = $expected;";

        await database.EnsureCreatedAsync().ConfigureAwait(false);

        // The ETag check runs inside the shared transaction, against every write committed or queued before this one.
        await database.Writes.WriteAsync(
            (connection, transaction) =>
            {
                using var command = KeyedCommand(connection, transaction, sql, stateName, grainId);
                command.Parameters.AddWithValue("$etag", etag);
                command.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
                command.Parameters.AddWithValue("$modified", modified);
                if (expected is not null)
                {
                    command.Parameters.AddWithValue("$expected", expected);
                }

                if (command.ExecuteNonQuery() == 0)
                {
                    throw Conflict(connection, transaction, "write", stateName, grainId, expected);
                }
            },
            cancellationToken).ConfigureAwait(false);

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var expected = NullIfEmpty(grainState.ETag);

        await database.EnsureCreatedAsync().ConfigureAwait(false);
        await database.Writes.WriteAsync(
            (connection, transaction) =>
            {
                if (expected is null)
                {
                    // Nothing was read or written by this caller: clearing is a no-op unless someone else wrote a record.
                    if (StoredETag(connection, transaction, stateName, grainId) is not null)
                    {
                        throw Conflict(connection, transaction, "clear", stateName, grainId, expected);
                    }

                    return;
                }

                // Deleting the row (rather than keeping a tombstone) lets the next activation insert with a null ETag,
                // and a fresh random ETag per write means a stale ETag can never match a re-created row.
                using var command = KeyedCommand(
                    connection, transaction, $"DELETE FROM grain_state WHERE {KeyFilter} AND etag = $expected;", stateName, grainId);
                command.Parameters.AddWithValue("$expected", expected);
                if (command.ExecuteNonQuery() == 0)
                {
                    throw Conflict(connection, transaction, "clear", stateName, grainId, expected);
                }
            },
            cancellationToken).ConfigureAwait(false);

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(name), options.InitStage, InitializeAsync);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        LogOpened(logger, name, database.Path);
    }

    private static SqliteCommand KeyedCommand(SqliteConnection connection, SqliteTransaction? transaction, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
        return command;
    }

    private static string? StoredETag(SqliteConnection connection, SqliteTransaction transaction, string stateName, GrainId grainId)
    {
        using var command = KeyedCommand(connection, transaction, $"SELECT etag FROM grain_state WHERE {KeyFilter};", stateName, grainId);
        return command.ExecuteScalar() as string;
    }

    private InconsistentStateException Conflict(
        SqliteConnection connection, SqliteTransaction transaction, string operation, string stateName, GrainId grainId, string? expected)
    {
        var stored = StoredETag(connection, transaction, stateName, grainId);
        LogConflict(logger, operation, stateName, grainId, stored, expected);
        return new InconsistentStateException(
            $"SQLite grain storage '{name}' refused to {operation} state '{stateName}' of grain {grainId}: " +
            $"the stored ETag is {stored ?? "absent (no record)"} but the caller expected {expected ?? "no record"}; another activation or writer changed it.",
            stored ?? string.Empty,
            expected ?? string.Empty);
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
            LogUnreadable(logger, exception, stateName, grainId, database.Path);
            throw new OrleansException(
                $"SQLite grain storage '{name}' could not read state '{stateName}' of grain {grainId} from {database.Path} " +
                $"as {typeof(T).Name} ({payload.Length} bytes): {exception.Message}",
                exception);
        }
    }

    private static string? NullIfEmpty(string? etag) => string.IsNullOrEmpty(etag) ? null : etag;

    private static string NewETag() => Guid.NewGuid().ToString("N");

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SQLite grain storage {Provider} keeps grain state in {DatabasePath}")]
    private static partial void LogOpened(ILogger logger, string provider, string databasePath);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug,
        Message = "Refused to {Operation} state {StateName} of grain {GrainId}: stored ETag {StoredETag}, expected {ExpectedETag}")]
    private static partial void LogConflict(ILogger logger, string operation, string stateName, GrainId grainId, string? storedETag, string? expectedETag);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "State {StateName} of grain {GrainId} in {DatabasePath} could not be deserialized")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string stateName, GrainId grainId, string databasePath);
}
