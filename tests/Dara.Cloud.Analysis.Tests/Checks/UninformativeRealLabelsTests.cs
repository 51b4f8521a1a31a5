using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Testing;
using Xunit.Abstractions;

namespace Dara.Cloud.Analysis.Tests.Checks;

/// <summary>
/// The <c>uninformative-name</c> finding against the PTM-Naming study's naming categories (ptm_naming/ground_truth_cls_data.json,
/// 6,172 names of which 359 the study calls uninformative).
/// </summary>
public sealed class UninformativeRealLabelsTests(ITestOutputHelper output)
{
    private static string CategoriesFile => Path.Combine(RealData.PtmNaming, "ground_truth_cls_data.json");

    [RealDataFact]
    public void Nearly_every_name_the_study_calls_uninformative_is_flagged()
    {
        var evaluation = UninformativeEvaluation.Run(UninformativeEvaluation.LoadCategories(CategoriesFile), NameChecker.Default, top: 0);
        Report(evaluation);

        Assert.True(evaluation.Names > 6_000);
        Assert.True(evaluation.Counts.Recall >= 0.98, $"recall {evaluation.Counts.Recall:P1}");
    }

    [RealDataFact]
    public void Generated_and_placeholder_names_are_the_studys_uninformative_names()
    {
        var evaluation = UninformativeEvaluation.Run(UninformativeEvaluation.LoadCategories(CategoriesFile), NameChecker.Default, top: 0);

        // The study's category is these two shapes; the third reason (neither architecture nor task: artist
        // names such as huggingartists/dua-lipa) the study files as other patterns, so it is not held to the labels.
        foreach (var reason in evaluation.Reasons.Where(r => r.Reason is UninformativeReason.Generated or UninformativeReason.Placeholder))
        {
            Assert.True(reason.LabelledUninformative >= 0.98 * reason.Flagged, $"{reason.Reason}: {reason.LabelledUninformative} of {reason.Flagged}");
        }
    }

    private void Report(UninformativeEvaluation evaluation)
    {
        output.WriteLine($"P {evaluation.Counts.Precision:P1} R {evaluation.Counts.Recall:P1} F1 {evaluation.Counts.F1:P1} (support {evaluation.Counts.Support})");
        foreach (var reason in evaluation.Reasons)
        {
            output.WriteLine($"{reason.Reason}: {reason.Flagged} flagged, {reason.LabelledUninformative} labelled uninformative");
        }
    }
}
