using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Testing;
using Xunit.Abstractions;

namespace Dara.Cloud.Analysis.Tests.Naming;

/// <summary>The parser against the paper's 9,982 GPT-4-labelled names (ptm_naming/naming_elements_results.json).</summary>
public sealed class NamingRealLabelsTests(ITestOutputHelper output)
{
    private static string LabelsFile => Path.Combine(RealData.PtmNaming, "naming_elements_results.json");

    [RealDataFact]
    public void The_parser_agrees_with_the_papers_labels_on_all_names()
    {
        var evaluation = NamingEvaluation.Run(NamingLabels.Load(LabelsFile), NameParser.Default);
        Report(evaluation);

        Assert.True(evaluation.Names > 9_000);
        Assert.True(evaluation.Micro.F1 >= 0.85, $"micro-F1 {evaluation.Micro.F1:P1}");
        Assert.True(evaluation[ElementCode.A].F1 >= 0.85, $"A F1 {evaluation[ElementCode.A].F1:P1}");
        Assert.True(evaluation[ElementCode.S].F1 >= 0.85, $"S F1 {evaluation[ElementCode.S].F1:P1}");
        Assert.True(evaluation[ElementCode.L].F1 >= 0.85, $"L F1 {evaluation[ElementCode.L].F1:P1}");
        // Task stays below the 0.85 aimed at: the GPT-4 labels give T to free application words (controlnet-hands,
        // gpt2-chinese-couplet, yolov5m-forklift) and to benchmark datasets (pegasus-xsum) inconsistently, and no general
        // rule tried on the development half (English-word lists, any unknown word after the architecture) raised it
        // further than task words ending longer words (keywordextractor, indonli) and word-2-word conversions (text2im).
        // This floor guards the level reached (79.7 %).
        Assert.True(evaluation[ElementCode.T].F1 >= 0.79, $"T F1 {evaluation[ElementCode.T].F1:P1}");
    }

    [RealDataFact]
    public void The_held_out_half_scores_like_the_development_half()
    {
        var labels = NamingLabels.Load(LabelsFile);

        var development = NamingEvaluation.Run(labels, NameParser.Default, NamingSplit.Development);
        var heldOut = NamingEvaluation.Run(labels, NameParser.Default, NamingSplit.HeldOut);
        Report(heldOut);

        // The vocabularies were tuned on the development half only: a large gap would mean they learnt names, not rules.
        Assert.True(Math.Abs(development.Micro.F1 - heldOut.Micro.F1) < 0.02, $"development {development.Micro.F1:P1}, held-out {heldOut.Micro.F1:P1}");
    }

    [RealDataFact]
    public void On_names_labelled_more_than_once_the_parser_agrees_with_the_labels_on_tasks_as_closely_as_they_agree_with_each_other()
    {
        var agreement = LabelAgreement.Measure(NamingLabels.Load(LabelsFile), NameParser.Default);
        foreach (var code in agreement.Codes)
        {
            output.WriteLine($"{code.Code}: labels with each other {code.LabelsWithEachOther.F1:P1}, parser with the labels {code.ParserWithLabels.F1:P1}");
        }

        // 513 names occur under more than one owner (re-uploads and copies), each labelled on its own. The labels of one
        // name agree on T far less than on A, S and L: the yardstick for the T F1 reached on all names.
        Assert.Equal((229, 513), (agreement.Groups, agreement.Names));
        var task = agreement[ElementCode.T]!;
        Assert.True(task.LabelsWithEachOther.F1 < 0.80, $"labels with each other on T: {task.LabelsWithEachOther.F1:P1}");
        Assert.True(task.ParserWithLabels.F1 >= task.LabelsWithEachOther.F1, $"parser {task.ParserWithLabels.F1:P1}, labels {task.LabelsWithEachOther.F1:P1}");
        foreach (var code in new[] { ElementCode.A, ElementCode.S, ElementCode.L })
        {
            Assert.True(agreement[code]!.LabelsWithEachOther.F1 > 0.95, $"labels with each other on {code}: {agreement[code]!.LabelsWithEachOther.F1:P1}");
        }
    }

    private void Report(NamingEvaluation evaluation)
    {
        foreach (var code in evaluation.Codes)
        {
            output.WriteLine($"{code.Code}: P {code.Counts.Precision:P1} R {code.Counts.Recall:P1} F1 {code.Counts.F1:P1} (support {code.Counts.Support})");
        }

        output.WriteLine($"micro: P {evaluation.Micro.Precision:P1} R {evaluation.Micro.Recall:P1} F1 {evaluation.Micro.F1:P1}");
    }
}
