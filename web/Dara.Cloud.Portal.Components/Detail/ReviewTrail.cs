namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// The review steps a <see cref="ReviewPanel"/> shows, oldest first: the newest step and the steps before it without a
/// gap, grown backwards a page at a time as the user asks for older steps. A gap would hide steps while still looking
/// like the whole history, so steps that do not join the newest are left out until the steps between them are loaded.
/// </summary>
public static class ReviewTrail
{
    /// <summary>
    /// The trail once the review's latest steps are <paramref name="latest"/> (a step was taken, the page read the model
    /// again): the steps already shown that come before them stay, including older pages loaded and steps the model has
    /// since moved to its archive. Steps without numbers (a review read before steps had them) are shown as they are.
    /// </summary>
    public static IReadOnlyList<ReviewEvent> WithLatest(IReadOnlyList<ReviewEvent> shown, IReadOnlyList<ReviewEvent> latest)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(latest);
        if (latest.Count == 0 || latest.Any(step => step.Sequence < 1))
        {
            return latest;
        }

        // Steps numbered past the newest belong to another review (the model was deleted and added again): start over.
        return shown.Count == 0 || shown[^1].Sequence > latest[^1].Sequence
            ? Consecutive(latest)
            : Consecutive(shown.Where(step => step.Sequence < latest[0].Sequence).Concat(latest));
    }

    /// <summary>The trail with <paramref name="older"/> (a page of history loaded) before the steps shown.</summary>
    public static IReadOnlyList<ReviewEvent> WithOlder(IReadOnlyList<ReviewEvent> shown, IReadOnlyList<ReviewEvent> older)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(older);
        return shown.Count == 0 ? shown : Consecutive(older.Where(step => step.Sequence >= 1 && step.Sequence < shown[0].Sequence).Concat(shown));
    }

    /// <summary>How many steps came before the trail's oldest (0 when it starts at step 1, or its steps have no numbers).</summary>
    public static long OlderCount(IReadOnlyList<ReviewEvent> shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return shown.Count > 0 && shown[0].Sequence > 1 ? shown[0].Sequence - 1 : 0;
    }

    private static List<ReviewEvent> Consecutive(IEnumerable<ReviewEvent> steps)
    {
        var ordered = steps.DistinctBy(step => step.Sequence).OrderBy(step => step.Sequence).ToList();
        var start = ordered.Count - 1;
        while (start > 0 && ordered[start - 1].Sequence == ordered[start].Sequence - 1)
        {
            start--;
        }

        return start <= 0 ? ordered : ordered[start..];
    }
}
