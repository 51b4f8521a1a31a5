namespace Dara.Cloud.Grains.Models;

/// <summary>
/// One page of a model's archived review steps (key <c>tenant/owner/name/page</c>, see <see cref="ReviewArchive"/>):
/// written when the model moves its older steps here, read when someone pages back through the review's history, and
/// cleared with the model. Only the model grain calls it.
/// </summary>
public interface IReviewArchiveGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores steps of this page. A step already stored (by its sequence number) is kept as it was, so storing the same
    /// steps again (a move repeated after a silo died halfway through it) changes nothing.
    /// </summary>
    Task StoreAsync(IReadOnlyList<ReviewEvent> steps);

    /// <summary>The page's steps, oldest first.</summary>
    Task<IReadOnlyList<ReviewEvent>> GetAsync();

    Task ClearAsync();
}
