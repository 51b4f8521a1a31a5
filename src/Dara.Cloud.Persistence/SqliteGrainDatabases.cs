using System.Collections.Concurrent;

namespace Dara.Cloud.Persistence;

/// <summary>
/// The SQLite databases of one silo, one per file: providers that name the same data directory share its
/// connection pool and write queue.
/// </summary>
internal sealed class SqliteGrainDatabases : IDisposable
{
    private readonly ConcurrentDictionary<string, SqliteGrainDatabase> _databases = new(StringComparer.Ordinal);

    public SqliteGrainDatabase For(SqliteGrainStorageOptions options) =>
        _databases.GetOrAdd(options.DatabasePath, static (path, timeout) => new SqliteGrainDatabase(path, timeout), options.BusyTimeout);

    public void Dispose()
    {
        foreach (var database in _databases.Values)
        {
            database.Dispose();
        }

        _databases.Clear();
    }
}
