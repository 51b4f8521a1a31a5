using Dara.Cloud.Persistence.Conformance;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Dara.Cloud.Persistence.Tests;

/// <summary>
/// The SQLite reminder table, after the cases of Orleans' own reminder table tests (ReminderTableTestsBase): round
/// trips, upsert, ETag-checked removal, hash-range reads including wrapped ranges, parallel upserts, and reminders
/// that outlive the process, kept per service.
/// </summary>
public sealed class SqliteReminderTableTests : IAsyncLifetime
{
    private static readonly GrainType s_grainType = GrainType.Create("reminder-test");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"dara-reminders-{Guid.NewGuid():N}");
    private readonly List<SqliteGrainDatabase> _databases = [];

    private string DatabasePath => Path.Combine(_directory, "dara.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_upserted_reminder_reads_back_by_grain_and_by_name_with_the_etag_it_was_given()
    {
        var table = await OpenAsync();
        var entry = Entry("tenant/owner/model", "poll-hub", TimeSpan.FromMinutes(15));

        var etag = await table.UpsertRow(entry);
        var row = await table.ReadRow(entry.GrainId, "poll-hub");
        var rows = await table.ReadRows(entry.GrainId);

        Assert.False(string.IsNullOrEmpty(etag));
        Assert.NotNull(row);
        Assert.Equal(entry.GrainId, row.GrainId);
        Assert.Equal(entry.StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(entry.Period, row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(etag, Assert.Single(rows.Reminders).ETag);
        Assert.Null(await table.ReadRow(entry.GrainId, "another"));
    }

    [Fact]
    public async Task Upserting_again_replaces_the_reminder_and_gives_it_a_new_etag()
    {
        var table = await OpenAsync();
        var first = await table.UpsertRow(Entry("tenant", "poll-hub", TimeSpan.FromMinutes(15)));

        var second = await table.UpsertRow(Entry("tenant", "poll-hub", TimeSpan.FromMinutes(5)));
        await table.UpsertRow(Entry("tenant", "other", TimeSpan.FromMinutes(1)));

        Assert.NotEqual(first, second);
        var row = await table.ReadRow(GrainOf("tenant"), "poll-hub");
        Assert.Equal(TimeSpan.FromMinutes(5), row!.Period);
        Assert.Equal(second, row.ETag);
        Assert.Equal(2, (await table.ReadRows(GrainOf("tenant"))).Reminders.Count);
    }

    [Fact]
    public async Task A_reminder_is_removed_only_with_its_current_etag()
    {
        var table = await OpenAsync();
        var stale = await table.UpsertRow(Entry("tenant", "poll-hub", TimeSpan.FromMinutes(15)));
        var current = await table.UpsertRow(Entry("tenant", "poll-hub", TimeSpan.FromMinutes(15)));

        Assert.False(await table.RemoveRow(GrainOf("tenant"), "poll-hub", stale!));
        Assert.NotNull(await table.ReadRow(GrainOf("tenant"), "poll-hub"));
        Assert.True(await table.RemoveRow(GrainOf("tenant"), "poll-hub", current!));
        Assert.Null(await table.ReadRow(GrainOf("tenant"), "poll-hub"));
        Assert.False(await table.RemoveRow(GrainOf("tenant"), "poll-hub", current!));
    }

    [Fact]
    public async Task Range_reads_take_hashes_above_begin_up_to_end_and_wrap_around_the_ring_when_begin_is_not_below_end()
    {
        var table = await OpenAsync();
        var grains = Enumerable.Range(0, 40).Select(i => GrainOf($"tenant-{i}")).ToList();
        await Task.WhenAll(grains.Select(grain => table.UpsertRow(Entry(grain, "poll-hub", TimeSpan.FromMinutes(1)))));
        var hashes = grains.Select(grain => grain.GetUniformHashCode()).Order().ToList();

        // Bounds on stored hashes (exclusive below, inclusive above), between them, at the ends of the ring, and wrapped.
        (uint Begin, uint End)[] ranges =
        [
            (hashes[5], hashes[20]), (hashes[5] - 1, hashes[20] - 1), (0, uint.MaxValue), (hashes[^1], hashes[0]),
            (hashes[30], hashes[10]), (hashes[12], hashes[12]), (uint.MaxValue, 0),
        ];
        foreach (var (begin, end) in ranges)
        {
            var expected = grains
                .Where(grain => grain.GetUniformHashCode() is var hash && (begin < end ? hash > begin && hash <= end : hash > begin || hash <= end))
                .Order()
                .ToList();

            var read = (await table.ReadRows(begin, end)).Reminders.Select(row => row.GrainId).Order().ToList();

            Assert.Equal(expected, read);
        }
    }

    [Fact]
    public async Task Parallel_upserts_of_many_reminders_all_land()
    {
        var table = await OpenAsync();
        var entries = Enumerable.Range(0, 200).Select(i => Entry($"tenant-{i % 20}", $"reminder-{i}", TimeSpan.FromMinutes(1))).ToList();

        var etags = await Task.WhenAll(entries.Select(entry => table.UpsertRow(entry)));

        Assert.Equal(200, etags.Distinct().Count());
        Assert.Equal(200, (await table.ReadRows(0, 0)).Reminders.Count);
    }

    [Fact]
    public async Task Reminders_outlive_the_process_that_wrote_them_and_belong_to_their_service()
    {
        var first = await OpenAsync();
        var etag = await first.UpsertRow(Entry("tenant", "poll-hub", TimeSpan.FromMinutes(15)));
        await _databases[^1].DisposeAsync();
        SqliteConnection.ClearAllPools();

        var reopened = await OpenAsync();
        var otherService = await OpenAsync("another-service");

        Assert.Equal(etag, (await reopened.ReadRow(GrainOf("tenant"), "poll-hub"))!.ETag);
        Assert.Empty((await otherService.ReadRows(0, 0)).Reminders);
        Assert.Null(await otherService.ReadRow(GrainOf("tenant"), "poll-hub"));
        await otherService.TestOnlyClearTable();
        Assert.NotNull(await reopened.ReadRow(GrainOf("tenant"), "poll-hub"));
    }

    [Fact]
    public async Task The_silo_reminder_service_keeps_its_table_in_the_grain_storage_file()
    {
        using var host = UnstartedSilo.Build(silo => silo
            .AddSqliteGrainStorage("grains", options => options.DataDirectory = _directory)
            .UseSqliteReminderService(options => options.DataDirectory = _directory));
        var table = host.Services.GetRequiredService<IReminderTable>();

        Assert.IsType<SqliteReminderTable>(table);
        await table.StartAsync();
        await table.UpsertRow(Entry("tenant", "poll-hub", TimeSpan.FromMinutes(15)));

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM reminder;";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    private async Task<SqliteReminderTable> OpenAsync(string serviceId = "dara-tests")
    {
        var database = new SqliteGrainDatabase(DatabasePath, TimeSpan.FromSeconds(5));
        _databases.Add(database);
        var table = new SqliteReminderTable(database, Options.Create(new ClusterOptions { ServiceId = serviceId }), NullLogger<SqliteReminderTable>.Instance);
        await table.StartAsync();
        return table;
    }

    private static GrainId GrainOf(string key) => GrainId.Create(s_grainType, key);

    private static ReminderEntry Entry(string key, string name, TimeSpan period) => Entry(GrainOf(key), name, period);

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc),
        Period = period,
    };
}
