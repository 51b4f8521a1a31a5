using Dara.Cloud.Analysis.Inspection;

namespace Dara.Cloud.Analysis.Tests.Inspection;

public sealed class ReadMemoryBudgetTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public async Task A_reservation_waits_until_enough_of_the_budget_is_released()
    {
        using var budget = new ReadMemoryBudget(10 * MiB);
        var first = await budget.ReserveAsync(6 * MiB);

        var second = budget.ReserveAsync(6 * MiB).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_read_larger_than_the_whole_budget_runs_alone_instead_of_never()
    {
        using var budget = new ReadMemoryBudget(4 * MiB);
        var huge = await budget.ReserveAsync(3L << 30).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var small = budget.ReserveAsync(1).AsTask();
        await Task.Delay(50);
        Assert.False(small.IsCompleted);

        huge.Dispose();
        (await small.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Reservations_are_served_in_the_order_they_asked_so_a_large_read_is_not_starved_by_small_ones()
    {
        using var budget = new ReadMemoryBudget(10 * MiB);
        var held = await budget.ReserveAsync(8 * MiB);
        var large = budget.ReserveAsync(6 * MiB).AsTask();

        // 2 MiB are free, but the large read asked first.
        var small = budget.ReserveAsync(1 * MiB).AsTask();
        await Task.Delay(50);
        Assert.False(small.IsCompleted);

        held.Dispose();
        (await large.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await small.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_holds_nothing()
    {
        using var budget = new ReadMemoryBudget(4 * MiB);
        var held = await budget.ReserveAsync(4 * MiB);
        using var cancellation = new CancellationTokenSource();

        var waiting = budget.ReserveAsync(1 * MiB, cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        var all = budget.ReserveAsync(4 * MiB).AsTask();
        Assert.True(all.IsCompletedSuccessfully);
        (await all).Dispose();
    }

    [Fact]
    public void The_shared_budget_is_every_inspections_default_and_never_under_256_MiB()
    {
        Assert.True(ReadMemoryBudget.Shared.CapacityBytes >= 256 * MiB);
        Assert.Same(ReadMemoryBudget.Shared, InspectorOptions.Default.ReadMemory);
    }
}
