using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Dara.Cloud.Persistence;

/// <summary>
/// One SQLite database file holding grain state: its connection string (and so its connection pool), its schema,
/// and the queue through which this process's writes reach it, committed in groups by one writer
/// (see <see cref="SqliteWriteQueue"/>) instead of each writer paying for a commit of its own.
/// </summary>
internal sealed class SqliteGrainDatabase : IDisposable, IAsyncDisposable
{
    /// <summary>The schema version this code writes; a file with a newer one was made by a newer release.</summary>
    private const int SchemaVersion = 1;

    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_type TEXT NOT NULL,
            grain_key  TEXT NOT NULL,
            etag       TEXT NOT NULL,
            payload    BLOB NOT NULL,
            modified   TEXT NOT NULL,
            PRIMARY KEY (state_name, grain_type, grain_key)
        );
        """;

    private readonly Lock _initializationLock = new();
    private readonly string _connectionPragmas;
    private Task? _initialization;

    public SqliteGrainDatabase(string path, TimeSpan busyTimeout)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();

        // Per-connection settings, so they are applied on every open (pooled connections keep them, which is harmless).
        // synchronous=FULL makes each commit wait for the WAL to reach the disk: an acknowledged write survives a crash.
        _connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
        Writes = new SqliteWriteQueue(OpenAsync);
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>Where this process's writes queue for the next group commit.</summary>
    public SqliteWriteQueue Writes { get; }

    /// <summary>
    /// Creates the folder, switches the file to WAL and creates the table, once; a failed attempt is retried by the next caller.
    /// </summary>
    public Task EnsureCreatedAsync()
    {
        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = CreateAsync();
            }

            return _initialization;
        }
    }

    /// <summary>Opens a pooled connection with this database's per-connection settings applied.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _connectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Commits what is still queued, then releases the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await Writes.DisposeAsync().ConfigureAwait(false);

        // Pooled connections keep the file open; release them so the folder can be moved or deleted after shutdown.
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    // Hosts disposed synchronously still get the queued writes committed; the writer never needs the disposing thread.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task CreateAsync()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);

        var version = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;").ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"{Path} holds grain state in schema version {version}; this release reads version {SchemaVersion} at most.");
        }

        // WAL is a property of the file, kept across connections and restarts: readers never block the writer.
        var journalMode = Convert.ToString(await ScalarAsync(connection, "PRAGMA journal_mode = WAL;").ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Path} could not be switched to write-ahead logging (journal mode is '{journalMode}').");
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = CreateSchemaSql + $"PRAGMA user_version = {SchemaVersion};";
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync().ConfigureAwait(false);
    }
}
