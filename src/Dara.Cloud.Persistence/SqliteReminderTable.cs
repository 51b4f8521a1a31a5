using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Dara.Cloud.Persistence;

/// <summary>
/// Orleans reminders in the grain state's SQLite file, so an embedded silo's reminders (the registry watchers' polls)
/// survive a restart and tick again without waiting for their grains to be activated by someone.
/// One row per (service, grain, reminder name); writes go through the database's group commit, so a reminder the
/// runtime was told is registered is on disk.
/// </summary>
internal sealed partial class SqliteReminderTable(
    SqliteGrainDatabase database,
    IOptions<ClusterOptions> cluster,
    ILogger<SqliteReminderTable> logger) : IReminderTable
{
    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS reminder (
            service_id    TEXT    NOT NULL,
            grain_type    TEXT    NOT NULL,
            grain_key     TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS reminder_by_hash ON reminder (service_id, grain_hash);
        """;

    private const string Columns = "grain_type, grain_key, reminder_name, start_at, period, etag";
    private const string GrainFilter = "service_id = $service AND grain_type = $type AND grain_key = $key";

    private readonly string _serviceId = cluster.Value.ServiceId;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        LogOpened(logger, database.Path, _serviceId);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    // The runtime's overloads without a token.
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        new(await QueryAsync($"WHERE {GrainFilter}", command => AddGrain(command, grainId), cancellationToken).ConfigureAwait(false));

    /// <summary>Rows whose grain hash is in (begin, end]; when begin ≥ end the range wraps around the ring.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var range = begin < end ? "grain_hash > $begin AND grain_hash <= $end" : "(grain_hash > $begin OR grain_hash <= $end)";
        return new ReminderTableData(await QueryAsync(
            $"WHERE service_id = $service AND {range}",
            command =>
            {
                command.Parameters.AddWithValue("$begin", (long)begin);
                command.Parameters.AddWithValue("$end", (long)end);
            },
            cancellationToken).ConfigureAwait(false));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"WHERE {GrainFilter} AND reminder_name = $name",
            command =>
            {
                AddGrain(command, grainId);
                command.Parameters.AddWithValue("$name", reminderName);
            },
            cancellationToken).ConfigureAwait(false);

        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Inserts or replaces the row whatever its ETag (as every Orleans reminder table does) and returns the new one.</summary>
    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Guid.NewGuid().ToString("N");
        await EnsureSchemaAsync().ConfigureAwait(false);
        await database.Writes.WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, """
                    INSERT INTO reminder (service_id, grain_type, grain_key, reminder_name, grain_hash, start_at, period, etag)
                    VALUES ($service, $type, $key, $name, $hash, $start, $period, $etag)
                    ON CONFLICT (service_id, grain_type, grain_key, reminder_name)
                    DO UPDATE SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period, etag = excluded.etag;
                    """);
                AddGrain(command, entry.GrainId);
                command.Parameters.AddWithValue("$name", entry.ReminderName);
                command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
                command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
                command.Parameters.AddWithValue("$period", entry.Period.Ticks);
                command.Parameters.AddWithValue("$etag", etag);
                command.ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);
        return etag;
    }

    /// <summary>Removes the row only if it still has <paramref name="eTag"/>; false when it is gone or was changed.</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        var removed = false;
        await EnsureSchemaAsync().ConfigureAwait(false);
        await database.Writes.WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, $"DELETE FROM reminder WHERE {GrainFilter} AND reminder_name = $name AND etag = $etag;");
                AddGrain(command, grainId);
                command.Parameters.AddWithValue("$name", reminderName);
                command.Parameters.AddWithValue("$etag", eTag);
                removed = command.ExecuteNonQuery() == 1;
            },
            cancellationToken).ConfigureAwait(false);
        return removed;
    }

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync().ConfigureAwait(false);
        await database.Writes.WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, "DELETE FROM reminder WHERE service_id = $service;");
                command.ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The file (WAL, grain state table) first, then the reminder table, once; a failed attempt is retried.</summary>
    private Task EnsureSchemaAsync()
    {
        lock (_schemaLock)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateSchemaAsync();
            }

            return _schema;
        }
    }

    private async Task CreateSchemaAsync()
    {
        await database.EnsureCreatedAsync().ConfigureAwait(false);
        await database.Writes.WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, CreateSchemaSql);
                command.ExecuteNonQuery();
            },
            CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<List<ReminderEntry>> QueryAsync(string where, Action<SqliteCommand> parameters, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, transaction: null, $"SELECT {Columns} FROM reminder {where};");
        parameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Create(reader.GetString(0), reader.GetString(1)),
                ReminderName = reader.GetString(2),
                StartAt = new DateTime(reader.GetInt64(3), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(4)),
                ETag = reader.GetString(5),
            });
        }

        return entries;
    }

    private SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        return command;
    }

    private static void AddGrain(SqliteCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "SQLite reminder table keeps reminders of service {ServiceId} in {DatabasePath}")]
    private static partial void LogOpened(ILogger logger, string databasePath, string serviceId);
}
