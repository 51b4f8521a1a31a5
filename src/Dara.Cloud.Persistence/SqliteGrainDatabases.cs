using System.Collections.Concurrent;

namespace Dara.Cloud.Persistence;

/// <summary>
/// The SQLite databases of one silo, one per file: providers that name the same data directory share its
/// connection pool and write queue.
/// </summary>
internal sealed class SqliteGrainDatabases : IDisposable, IAsyncDisposable
{
    // Lazy, because GetOrAdd may run its factory twice in a race, and a database starts its writer when made.
    private readonly ConcurrentDictionary<string, Lazy<SqliteGrainDatabase>> _databases = new(StringComparer.Ordinal);

    public SqliteGrainDatabase For(SqliteGrainStorageOptions options) =>
        _databases.GetOrAdd(
            options.DatabasePath,
            static (path, timeout) => new Lazy<SqliteGrainDatabase>(() => new SqliteGrainDatabase(path, timeout)),
            options.BusyTimeout).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values.Where(database => database.IsValueCreated))
        {
            await database.Value.DisposeAsync().ConfigureAwait(false);
        }

        _databases.Clear();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
