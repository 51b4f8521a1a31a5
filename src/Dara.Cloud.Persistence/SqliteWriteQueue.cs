using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Dara.Cloud.Persistence;

/// <summary>
/// Group commit for one database file: callers queue their writes, and a single writer loop takes everything queued,
/// applies it in one transaction (each write inside its own savepoint) and commits once. A commit costs one fsync of
/// the WAL whether it carries one row or hundreds, so concurrent writers share it instead of queueing for one each.
/// </summary>
/// <remarks>
/// A caller's task completes only after the commit that carries its write, so an acknowledged write is as durable as
/// with a transaction of its own. A write that throws (an ETag conflict, say) is rolled back to its savepoint and fails
/// only its own caller; a commit that fails fails every write it carried.
/// </remarks>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    /// <summary>The most writes one transaction carries, so one commit's work (and the time callers wait) stays bounded.</summary>
    internal const int MaxBatchSize = 512;

    private const string Savepoint = "dara_write";

    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly Task _writer;
    private long _commits;

    /// <param name="open">Opens a connection with the database's per-connection settings (synchronous = FULL).</param>
    public SqliteWriteQueue(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        _open = open;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>How many transactions the writer has committed (a test sees writes share them).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Queues <paramref name="apply"/> to run inside the next transaction and waits until that transaction committed.
    /// <paramref name="apply"/> runs on the writer, must only touch the database through the connection and transaction
    /// it is given, and throws to refuse its write. Cancelling waits no longer only while the write is still queued:
    /// once the writer took it, the write commits (or fails) and the caller sees that outcome.
    /// </summary>
    public Task WriteAsync(Action<SqliteConnection, SqliteTransaction> apply, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new QueuedWrite(apply);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "The SQLite grain storage is shut down and takes no more writes.");
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(static (state, token) => ((QueuedWrite)state!).TryCancel(token), write);
            _ = write.Completion.Task.ContinueWith(
                static (_, state) => ((CancellationTokenRegistration)state!).Dispose(),
                registration,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return write.Completion.Task;
    }

    /// <summary>Takes no more writes, lets the writer commit what is already queued, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<QueuedWrite>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var write))
            {
                // A write cancelled while queued was answered already; one taken here can no longer be cancelled.
                if (write.TryTake())
                {
                    batch.Add(write);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitAsync(List<QueuedWrite> batch)
    {
        var failures = new Exception?[batch.Count];
        try
        {
            await using var connection = await _open(CancellationToken.None).ConfigureAwait(false);

            // BEGIN IMMEDIATE: take the write lock up front (waiting out another process's writer for the busy timeout)
            // rather than failing at the first write of the batch.
            await using var transaction = connection.BeginTransaction(deferred: false);
            for (var i = 0; i < batch.Count; i++)
            {
                failures[i] = ApplyInSavepoint(batch[i], connection, transaction);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            Interlocked.Increment(ref _commits);
        }
        catch (Exception exception)
        {
            // Nothing of this batch committed: each caller learns why (its own refusal, if it had one, is moot now).
            foreach (var write in batch)
            {
                write.Completion.TrySetException(exception);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Completion.TrySetException(failure);
            }
            else
            {
                batch[i].Completion.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Applies one write inside a savepoint and returns why it was refused, or null. A refusal rolls back only this
    /// write; if even the rollback fails the transaction is unusable, and the exception fails the whole batch.
    /// </summary>
    private static Exception? ApplyInSavepoint(QueuedWrite write, SqliteConnection connection, SqliteTransaction transaction)
    {
        transaction.Save(Savepoint);
        try
        {
            write.Apply(connection, transaction);
        }
        catch (Exception refusal)
        {
            transaction.Rollback(Savepoint);
            transaction.Release(Savepoint);
            return refusal;
        }

        transaction.Release(Savepoint);
        return null;
    }

    /// <summary>One caller's write, waiting for the writer.</summary>
    private sealed class QueuedWrite(Action<SqliteConnection, SqliteTransaction> apply)
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Cancelled = 2;

        private int _state = Queued;

        public Action<SqliteConnection, SqliteTransaction> Apply { get; } = apply;

        // Continuations run off the writer, so callers never delay the next commit.
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public void TryCancel(CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
            {
                Completion.TrySetCanceled(cancellationToken);
            }
        }
    }
}
