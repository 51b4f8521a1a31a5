using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>The outcome of checking one name against one model's artifacts.</summary>
/// <param name="Name">The name checked (owner/name as given).</param>
/// <param name="Verdict">ok, suspicious, misnamed (or unreadable).</param>
/// <param name="Score">Naming quality 0–100.</param>
/// <param name="Elements">The parsed name.</param>
/// <param name="Facts">The facts the name was checked against.</param>
/// <param name="Findings">Everything found, errors first.</param>
/// <param name="SuggestedName">The name with what is wrong fixed and the policy followed; the owner and correct words kept.</param>
/// <param name="Skipped">Checks that could not run, each with why (artifacts missing).</param>
/// <param name="Prediction">What the learned classifier says the model is, or null without a classifier or with nothing to classify.</param>
public sealed record CheckResult(
    string Name,
    Verdict Verdict,
    int Score,
    ParsedName Elements,
    ModelFacts Facts,
    IReadOnlyList<Finding> Findings,
    string SuggestedName,
    IReadOnlyList<string> Skipped,
    ArchitecturePrediction? Prediction = null);
