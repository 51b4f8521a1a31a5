using System.Globalization;
using System.Threading.RateLimiting;

namespace Dara.Cloud.Analysis.Inspection;

/// <summary>
/// The memory that reads holding a whole file (ONNX graphs: protobuf has no index) may take at once, across every
/// inspection in the process. Each inspection already reads its own graphs one at a time, but a silo analyses many
/// models at once and <c>dara scan</c> one per core: without a shared budget, a few tenants registering 1 GiB ONNX
/// exports at the same moment would hold several GiB each and take the process, and every other tenant, down.
/// A read waits, first come first served, until its share is free; one larger than the whole budget runs alone.
/// </summary>
public sealed class ReadMemoryBudget : IDisposable
{
    // Reservations are counted in MiB so that budgets of many GiB fit the limiter's int permits.
    private const long _unit = 1L << 20;

    private readonly ConcurrencyLimiter _limiter;
    private readonly int _units;

    /// <param name="capacityBytes">Bytes the reads may hold together (at least 1 MiB).</param>
    public ReadMemoryBudget(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, _unit);
        _units = (int)Math.Min(int.MaxValue, capacityBytes / _unit);
        CapacityBytes = _units * _unit;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _units,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            QueueLimit = int.MaxValue,
        });
    }

    /// <summary>
    /// The budget every inspection shares unless its options name another: 40% of the memory the runtime may use
    /// (a container's limit where there is one), and never less than 256 MiB.
    /// </summary>
    public static ReadMemoryBudget Shared { get; } = new(Math.Max(256 * _unit, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 5 * 2));

    /// <summary>What the budget holds, rounded down to whole MiB.</summary>
    public long CapacityBytes { get; }

    /// <summary>
    /// Waits until <paramref name="bytes"/> are free (all of the budget, for a read larger than it) and holds them until
    /// the returned lease is disposed.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting; nothing is held.</exception>
    public async ValueTask<IDisposable> ReserveAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var units = (int)Math.Clamp((bytes + _unit - 1) / _unit, 1, _units);
        var lease = await _limiter.AcquireAsync(units, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            // Only a full queue refuses, and the queue takes int.MaxValue MiB of waiting reads.
            lease.Dispose();
            throw new InvalidOperationException(
                $"the read memory budget refused {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes: too many reads are waiting");
        }

        return lease;
    }

    public void Dispose() => _limiter.Dispose();
}
