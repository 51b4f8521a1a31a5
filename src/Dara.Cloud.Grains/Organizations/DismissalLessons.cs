namespace Dara.Cloud.Grains.Organizations;

/// <summary>
/// What an organization's dismissals teach: each finding (code and claimed text, case ignored) reviewers dismissed,
/// on how many models and why, unless the policy already accepts it. The organization passes the dismissals of the
/// models it still has: a deleted model teaches nothing. Owners read these beside the policy and accept a
/// lesson into it, so the same finding stops counting on every model.
/// </summary>
internal static class DismissalLessons
{
    /// <summary>Dismissed findings kept per organization; the oldest go first.</summary>
    public const int MaxKept = 2000;

    public static IReadOnlyList<DismissalLesson> From(IReadOnlyList<DismissalRecord> dismissals, PolicyRecord policy)
    {
        var accepted = (policy.AcceptedFindings ?? []).Select(a => a.Key).ToHashSet();
        return dismissals
            .GroupBy(d => d.Finding.Key)
            .Where(group => !accepted.Contains(group.Key))
            .Select(group =>
            {
                var last = group.MaxBy(d => d.At)!;
                var models = group.Select(d => d.RepoId).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                return new DismissalLesson(last.Finding, models, last.Reason, last.By, last.At);
            })
            .OrderByDescending(lesson => lesson.Models.Count)
            .ThenByDescending(lesson => lesson.LastAt)
            .ToList();
    }
}
