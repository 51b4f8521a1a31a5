using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Portal.Components.Naming;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>One model under an edited policy: its score now and under the edit, and the verdict the edit gives it.</summary>
public sealed record PolicyPreviewRow(string Name, int CurrentScore, int NewScore, string NewVerdict)
{
    public int Change => NewScore - CurrentScore;
}

/// <summary>What an edited policy would do to an organization's models.</summary>
/// <param name="Rows">Every model, the biggest score changes first.</param>
/// <param name="ByVerdict">Models per verdict under the edited policy.</param>
public sealed record PolicyPreviewResult(
    IReadOnlyList<PolicyPreviewRow> Rows,
    double CurrentAverage,
    double NewAverage,
    IReadOnlyDictionary<string, int> ByVerdict)
{
    /// <summary>How many models' scores the edit changes.</summary>
    public int Changed => Rows.Count(r => r.Change != 0);
}

/// <summary>
/// Checks every model's name again under a policy, from the facts already read (no I/O; a few thousand models take
/// well under a second). Cancellation is honoured between models, so an edit superseded by the next stops at once.
/// </summary>
public static class PolicyPreviewCalculator
{
    public static PolicyPreviewResult Compute(
        IReadOnlyList<(string Name, ModelFacts Facts, int CurrentScore)> models,
        NamingPolicy policy,
        Func<string, ModelFacts, NamingPolicy, CheckResult> check,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(check);
        var rows = new PolicyPreviewRow[models.Count];
        var byVerdict = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < models.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (name, facts, currentScore) = models[i];
            var result = check(name, facts, policy);
            var verdict = VerdictStyle.Text(result.Verdict);
            rows[i] = new PolicyPreviewRow(name, currentScore, result.Score, verdict);
            byVerdict[verdict] = byVerdict.GetValueOrDefault(verdict) + 1;
        }

        var ordered = rows
            .OrderByDescending(r => Math.Abs(r.Change))
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToArray();
        return new PolicyPreviewResult(
            ordered,
            rows.Length == 0 ? 0 : rows.Average(r => r.CurrentScore),
            rows.Length == 0 ? 0 : rows.Average(r => r.NewScore),
            byVerdict);
    }
}
