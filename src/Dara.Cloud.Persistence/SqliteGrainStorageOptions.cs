using Orleans.Storage;

namespace Dara.Cloud.Persistence;

/// <summary>
/// Options of the SQLite grain storage: where its database file lives and how grain state is serialized.
/// Bound from the <c>Dara</c> configuration section (<c>Dara:DataDirectory</c>), then from the code's delegate.
/// </summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string ConfigurationSection = "Dara";

    /// <summary>The data directory when configuration names none.</summary>
    public const string DefaultDataDirectory = "./data";

    /// <summary>The database file's name when configuration names none.</summary>
    public const string DefaultDatabaseFileName = "dara.db";

    /// <summary>
    /// The folder that holds the database file (relative paths are resolved against the working directory).
    /// Created at startup when missing. Providers that name the same folder share one database and one connection pool.
    /// </summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>The database file's name inside <see cref="DataDirectory"/>: a plain file name, no folders.</summary>
    public string DatabaseFileName { get; set; } = DefaultDatabaseFileName;

    /// <summary>
    /// How long a write waits for another process's write lock on the same file before it fails.
    /// Writers inside one process queue without holding a connection, so this only matters across processes.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The silo lifecycle stage at which the database is opened and its schema created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// Turns grain state into bytes and back. Left unset, the silo's default <see cref="IGrainStorageSerializer"/> is used.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>The database file's full path.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFileName));
}
