using Dara.Cloud.Persistence.Conformance;
using Microsoft.Data.Sqlite;

namespace Dara.Cloud.Persistence.Tests;

/// <summary>
/// The assembly's one silo, with SQLite grain storage in a fresh data directory that does not exist yet
/// (the provider must create it), deleted again at the end.
/// </summary>
public sealed class SqliteStorageFixture : GrainStorageFixture
{
    /// <summary>A second provider on the same data directory, to show providers share one database.</summary>
    public const string TwinProviderName = "conformance-twin";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"dara-persistence-tests-{Guid.NewGuid():N}");

    /// <summary>The data directory the fixture's providers are configured with.</summary>
    public string DataDirectory => Path.Combine(_root, "nested", "data");

    public string DatabasePath => Path.Combine(DataDirectory, SqliteGrainStorageOptions.DefaultDatabaseFileName);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    protected override void ConfigureStorage(ISiloBuilder silo, string providerName) =>
        silo.AddSqliteGrainStorage(providerName, options => options.DataDirectory = DataDirectory)
            .AddSqliteGrainStorage(TwinProviderName, options => options.DataDirectory = DataDirectory);
}

[CollectionDefinition(Name)]
public sealed class SqliteStorageCollection : ICollectionFixture<SqliteStorageFixture>
{
    public const string Name = "SQLite grain storage";
}
