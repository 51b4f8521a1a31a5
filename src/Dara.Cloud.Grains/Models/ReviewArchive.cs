namespace Dara.Cloud.Grains.Models;

/// <summary>
/// Where a model's older review steps go, so that the model's state (written on every change) stays small while every
/// step is kept: fixed pages of <see cref="PageSize"/> steps, page <c>n</c> holding steps <c>(n-1)·PageSize+1 … n·PageSize</c>,
/// each page a grain of its own (<see cref="IReviewArchiveGrain"/>, key <c>tenant/owner/name/n</c>). The model keeps at
/// least its <see cref="InlineSteps"/> newest steps; once it holds a whole page more than that, its oldest page moves.
/// </summary>
/// <remarks>
/// A move writes the page first and then the model without those steps. A silo that dies between the two leaves the
/// steps in both places; the model only reads the archive up to the step it recorded as archived, so nothing shows
/// twice, and the next move stores the same page again, which changes nothing (pages are keyed by step number).
/// </remarks>
internal static class ReviewArchive
{
    /// <summary>Steps per archive page.</summary>
    public const int PageSize = 50;

    /// <summary>The newest steps the model always keeps itself (it holds fewer than this plus a page).</summary>
    public const int InlineSteps = 50;

    /// <summary>The key of page <paramref name="page"/> of <paramref name="model"/>'s archive: the model's key, so it belongs to the model's tenant.</summary>
    public static string PageKey(ModelKey model, long page) => $"{model.GrainKey}/{page}";

    /// <summary>The page number an archive key names, or null when the key names none.</summary>
    public static long? PageOfKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash >= 0 && long.TryParse(key.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) && page >= 1
            ? page
            : null;
    }

    /// <summary>The page step <paramref name="sequence"/> (1 or more) is archived on.</summary>
    public static long PageOf(long sequence) => ((sequence - 1) / PageSize) + 1;

    /// <summary>The first and last step of page <paramref name="page"/>.</summary>
    public static (long First, long Last) StepsOf(long page) => (((page - 1) * PageSize) + 1, page * PageSize);

    /// <summary>The number of the review's newest step (0 before the first): the archive never takes the newest steps, so it is inline.</summary>
    public static long LastSequence(ReviewState review, long archivedThrough) =>
        review.Events.Count > 0 ? review.Events[^1].Sequence : archivedThrough;

    /// <summary>
    /// The pages due to move out of <paramref name="review"/>, whose steps up to <paramref name="archivedThrough"/> are
    /// already archived, and the review and archived-through step once they have moved. No page is due while the
    /// review holds fewer than <see cref="InlineSteps"/> plus <see cref="PageSize"/> steps.
    /// </summary>
    public static ArchiveMove Plan(ReviewState review, long archivedThrough)
    {
        var pages = new List<ArchivePage>();
        var through = archivedThrough;
        var inline = review.Events.Count;
        while (inline >= InlineSteps + PageSize)
        {
            var page = PageOf(through + 1);
            var (first, last) = StepsOf(page);
            var steps = review.Events.Where(step => step.Sequence >= first && step.Sequence <= last).ToList();
            pages.Add(new ArchivePage(page, steps));
            inline -= steps.Count;
            through = last;
        }

        return pages.Count == 0
            ? new ArchiveMove(pages, review, archivedThrough)
            : new ArchiveMove(pages, review with { Events = [.. review.Events.Where(step => step.Sequence > through)] }, through);
    }
}

/// <summary>A page of steps to store in the archive.</summary>
internal sealed record ArchivePage(long Number, IReadOnlyList<ReviewEvent> Steps);

/// <summary>The pages to store, then the review without their steps and the last step archived, to write after them.</summary>
internal sealed record ArchiveMove(IReadOnlyList<ArchivePage> Pages, ReviewState Review, long ArchivedThrough);
