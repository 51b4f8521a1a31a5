using Dara.Cloud.Persistence.Conformance;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Dara.Cloud.Persistence.Tests;

/// <summary>What the SQLite provider promises beyond the shared conformance cases: where and how it keeps the file.</summary>
[Collection(SqliteStorageCollection.Name)]
public sealed class SqliteGrainStorageTests(SqliteStorageFixture fixture)
{
    private static readonly GrainType s_grainType = GrainType.Create("sqlite-test");

    private IServiceProvider Silo => fixture.Cluster.Silos[0].ServiceProvider;

    [Fact]
    public async Task The_missing_data_directory_is_created_at_startup_with_one_database_in_wal_mode()
    {
        Assert.True(File.Exists(fixture.DatabasePath), $"{fixture.DatabasePath} was not created.");

        await using var connection = new SqliteConnection($"Data Source={fixture.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'grain_state';"));
    }

    [Fact]
    public async Task Provider_connections_wait_for_the_disk_on_every_commit()
    {
        var options = Silo.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(GrainStorageFixture.ProviderName);
        var database = Silo.GetRequiredService<SqliteGrainDatabases>().For(options);

        await using var connection = await database.OpenAsync(CancellationToken.None);

        // 2 is FULL: a commit returns only after the WAL reached the disk, so an acknowledged write survives a power cut.
        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous;"));
    }

    [Fact]
    public async Task Providers_on_the_same_data_directory_share_one_database()
    {
        var twin = Silo.GetRequiredKeyedService<IGrainStorage>(SqliteStorageFixture.TwinProviderName);
        var grain = GrainId.Create(s_grainType, $"tenant-{Guid.NewGuid():N}/owner/shared");
        var written = new GrainState<ConformanceState> { State = new ConformanceState("shared", 1, string.Empty) };

        await fixture.Storage.WriteStateAsync("profile", grain, written);
        var read = new GrainState<ConformanceState>();
        await twin.ReadStateAsync("profile", grain, read);

        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(written.State, read.State);
    }

    [Fact]
    public async Task A_state_that_cannot_be_deserialized_fails_with_a_message_naming_the_state_the_grain_and_the_file()
    {
        var key = $"tenant-{Guid.NewGuid():N}/owner/corrupt";
        var grain = GrainId.Create(s_grainType, key);
        await fixture.Storage.WriteStateAsync("profile", grain, new GrainState<ConformanceState> { State = new ConformanceState("ok", 1, string.Empty) });
        await using (var connection = new SqliteConnection($"Data Source={fixture.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE grain_state SET payload = x'7B226E6F74206A736F6E' WHERE grain_key = $key;";
            command.Parameters.AddWithValue("$key", key);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var exception = await Assert.ThrowsAsync<OrleansException>(
            () => fixture.Storage.ReadStateAsync("profile", grain, new GrainState<ConformanceState>()));

        Assert.Contains("'profile'", exception.Message);
        Assert.Contains(grain.ToString(), exception.Message);
        Assert.Contains(fixture.DatabasePath, exception.Message);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
