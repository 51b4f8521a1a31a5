namespace Dara.Cloud.Grains.Models;

internal sealed class ReviewArchiveGrain(
    [PersistentState(ReviewArchiveGrain.StateName, DaraStorage.Grains)] IPersistentState<ReviewArchiveState> state)
    : Grain, IReviewArchiveGrain
{
    public const string StateName = "review-archive";

    private long Page => ReviewArchive.PageOfKey(this.GetPrimaryKeyString())
        ?? throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a review archive page (tenant/owner/name/page).");

    async Task IReviewArchiveGrain.StoreAsync(IReadOnlyList<ReviewEvent> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var page = Page;
        var (first, last) = ReviewArchive.StepsOf(page);
        if (steps.FirstOrDefault(step => step.Sequence < first || step.Sequence > last) is { } stray)
        {
            throw new ArgumentException($"Review step {stray.Sequence} does not belong on archive page {page} (steps {first}-{last}).", nameof(steps));
        }

        var stored = state.State.Steps;
        var known = stored.Select(step => step.Sequence).ToHashSet();
        var added = steps.Where(step => known.Add(step.Sequence)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        state.State = new ReviewArchiveState { Steps = [.. stored.Concat(added).OrderBy(step => step.Sequence)] };
        await state.WriteStateAsync();

        // Written once and read only when someone pages back: not worth memory until then.
        DeactivateOnIdle();
    }

    Task<IReadOnlyList<ReviewEvent>> IReviewArchiveGrain.GetAsync() => Task.FromResult(state.State.Steps);

    async Task IReviewArchiveGrain.ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
