using Microsoft.Data.Sqlite;

namespace Dara.Cloud.Persistence.Tests;

/// <summary>
/// Group commit: writes queued while the writer is busy share its next transaction, each write succeeds or fails on
/// its own, and no caller hears of success before its commit reached the database.
/// Each test holds the writer inside a first write (a gate) to decide exactly which writes queue behind it.
/// </summary>
public sealed class SqliteWriteQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"dara-write-queue-{Guid.NewGuid():N}");
    private SqliteGrainDatabase _database = null!;

    private SqliteWriteQueue Writes => _database.Writes;

    public async Task InitializeAsync()
    {
        _database = new SqliteGrainDatabase(Path.Combine(_directory, "queue.db"), TimeSpan.FromSeconds(5));
        await _database.EnsureCreatedAsync();
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE item (name TEXT PRIMARY KEY);";
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Writes_queued_while_a_commit_is_under_way_share_the_next_commit()
    {
        using var gate = new WriterGate();
        var held = Writes.WriteAsync(gate.HoldWriter, CancellationToken.None);
        await gate.WriterHeldAsync();
        var commitsBefore = Writes.Commits;

        var queued = Enumerable.Range(0, 100).Select(i => Writes.WriteAsync(Insert($"item-{i}"), CancellationToken.None)).ToList();
        gate.Release();
        await Task.WhenAll(queued.Append(held)).WaitAsync(s_patience);

        // The held write's own commit, then one for all hundred writes queued behind it.
        Assert.Equal(commitsBefore + 2, Writes.Commits);
        Assert.Equal(100, (await StoredNamesAsync()).Count(name => name.StartsWith("item-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refused_write_fails_only_its_caller_and_the_rest_of_its_commit_stands()
    {
        using var gate = new WriterGate();
        var held = Writes.WriteAsync(gate.HoldWriter, CancellationToken.None);
        await gate.WriterHeldAsync();

        var before = Writes.WriteAsync(Insert("before"), CancellationToken.None);
        var refused = Writes.WriteAsync(
            (connection, transaction) =>
            {
                Insert("refused")(connection, transaction);
                throw new InvalidOperationException("ETag mismatch");
            },
            CancellationToken.None);
        var after = Writes.WriteAsync(Insert("after"), CancellationToken.None);
        var commitsBefore = Writes.Commits;
        gate.Release();

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => refused.WaitAsync(s_patience));
        await Task.WhenAll(before, after, held).WaitAsync(s_patience);

        Assert.Equal("ETag mismatch", refusal.Message);
        Assert.Equal(commitsBefore + 2, Writes.Commits);
        Assert.Equal(["after", "before", "held"], await StoredNamesAsync());
    }

    [Fact]
    public async Task A_caller_hears_of_its_write_only_after_the_commit_made_it_visible_to_other_connections()
    {
        using var gate = new WriterGate();
        var write = Writes.WriteAsync(
            (connection, transaction) =>
            {
                Insert("durable")(connection, transaction);
                gate.HoldWriter(connection, transaction);
            },
            CancellationToken.None);
        await gate.WriterHeldAsync();

        // Applied inside the open transaction but not committed: neither acknowledged nor visible.
        Assert.False(write.IsCompleted);
        Assert.Empty(await StoredNamesAsync());

        gate.Release();
        await write.WaitAsync(s_patience);
        Assert.Equal(["durable", "held"], await StoredNamesAsync());
    }

    [Fact]
    public async Task A_write_cancelled_while_queued_is_never_applied()
    {
        using var gate = new WriterGate();
        var held = Writes.WriteAsync(gate.HoldWriter, CancellationToken.None);
        await gate.WriterHeldAsync();

        using var cancellation = new CancellationTokenSource();
        var cancelled = Writes.WriteAsync(Insert("cancelled"), cancellation.Token);
        var kept = Writes.WriteAsync(Insert("kept"), CancellationToken.None);
        await cancellation.CancelAsync();
        gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(s_patience));
        await Task.WhenAll(held, kept).WaitAsync(s_patience);
        Assert.Equal(["held", "kept"], await StoredNamesAsync());
    }

    [Fact]
    public async Task Shutting_down_commits_the_queued_writes_and_refuses_new_ones()
    {
        using var gate = new WriterGate();
        var held = Writes.WriteAsync(gate.HoldWriter, CancellationToken.None);
        await gate.WriterHeldAsync();
        var queued = Writes.WriteAsync(Insert("queued"), CancellationToken.None);

        var shutdown = Writes.DisposeAsync().AsTask();
        Assert.Throws<ObjectDisposedException>(() => { _ = Writes.WriteAsync(Insert("late"), CancellationToken.None); });
        gate.Release();

        await Task.WhenAll(shutdown, held, queued).WaitAsync(s_patience);
        Assert.Equal(["held", "queued"], await StoredNamesAsync());
    }

    private static Action<SqliteConnection, SqliteTransaction> Insert(string name) => (connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO item (name) VALUES ($name);";
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    };

    private async Task<List<string>> StoredNamesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM item ORDER BY name;";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>A write that inserts "held" and then keeps the writer inside its transaction until released.</summary>
    private sealed class WriterGate : IDisposable
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _release = new();

        public void HoldWriter(SqliteConnection connection, SqliteTransaction transaction)
        {
            Insert("held")(connection, transaction);
            _held.TrySetResult();
            if (!_release.Wait(s_patience))
            {
                throw new TimeoutException("The test never released the writer.");
            }
        }

        public Task WriterHeldAsync() => _held.Task.WaitAsync(s_patience);

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
        }
    }
}
