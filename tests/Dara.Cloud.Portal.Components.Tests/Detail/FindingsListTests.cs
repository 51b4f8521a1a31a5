using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Portal.Components.Detail;
using MudBlazor;
using Severity = Dara.Cloud.Analysis.Checks.Severity;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

public sealed class FindingsListTests : ComponentTest
{
    [Fact]
    public void Findings_are_grouped_by_severity_errors_first()
    {
        var list = Context.Render<FindingsList>(p => p.Add(
            c => c.Findings, [Samples.Convention, Samples.TaskMismatch, Samples.SizeMismatch, Samples.ArchitectureMismatch]));

        var groups = list.FindAll(".dara-findings-group");
        Assert.Equal(3, groups.Count);
        Assert.Contains("dara-findings-error", groups[0].ClassList);
        Assert.Contains("dara-findings-warning", groups[1].ClassList);
        Assert.Contains("dara-findings-info", groups[2].ClassList);
        Assert.Equal(["2 errors", "1 warning", "1 info"], list.FindAll(".dara-findings-group-title").Select(t => t.TextContent.Trim()));
        Assert.Equal(2, groups[0].QuerySelectorAll(".dara-finding").Length);
    }

    [Fact]
    public void Each_finding_shows_its_message_claimed_beside_observed_evidence_and_confidence()
    {
        var list = Context.Render<FindingsList>(p => p.Add(c => c.Findings, [Samples.SizeMismatch]));

        var finding = list.Find(".dara-finding-size-mismatch");
        Assert.Equal(Samples.SizeMismatch.Message, finding.QuerySelector(".dara-finding-message")!.TextContent.Trim());
        Assert.Equal("7b", finding.QuerySelector(".dara-finding-claimed")!.TextContent.Trim());
        Assert.Equal("1.1B parameters", finding.QuerySelector(".dara-finding-observed")!.TextContent.Trim());
        Assert.Contains("model.safetensors: header", finding.QuerySelector(".dara-finding-evidence")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Confidence 95%", finding.QuerySelector(".dara-finding-confidence")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("size-mismatch", finding.QuerySelector(".dara-finding-code")!.TextContent.Trim());
    }

    [Fact]
    public void A_finding_about_an_element_shows_that_element_in_its_colour()
    {
        var list = Context.Render<FindingsList>(p => p.Add(c => c.Findings, [Samples.ArchitectureMismatch]));

        var element = list.Find(".dara-finding-element");
        Assert.Equal("A", element.TextContent.Trim());
        Assert.Contains("background-color:#00AFFF", element.GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_finding_about_an_element_the_name_leaves_out_shows_nothing_claimed()
    {
        var missingTask = new Finding(FindingCodes.Convention, Severity.Info, "T", null, "text-classification", "naming policy", 1.0,
            "The policy asks a fine-tuned model's name to say its task (text-classification).");

        var list = Context.Render<FindingsList>(p => p.Add(c => c.Findings, [missingTask]));

        Assert.Equal("nothing", list.Find(".dara-finding-claimed").TextContent.Trim());
        Assert.Equal("text-classification", list.Find(".dara-finding-observed").TextContent.Trim());
    }

    [Fact]
    public void A_finding_that_claims_and_observes_nothing_shows_no_comparison_of_nothing_with_nothing()
    {
        // As the engine reports a policy's missing task when the task is unknown: all that matters is in the message.
        var policy = new Finding(FindingCodes.Convention, Severity.Info, "T", null, null, "naming policy", 1.0,
            "The policy asks a fine-tuned model's name to say its task (text-classification).");

        var list = Context.Render<FindingsList>(p => p.Add(c => c.Findings, [policy]));

        Assert.Empty(list.FindAll(".dara-finding-comparison"));
        Assert.DoesNotContain("nothing", list.Find(".dara-finding").TextContent, StringComparison.Ordinal);
        Assert.Contains("naming policy", list.Find(".dara-finding-evidence").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finding_about_the_model_rather_than_its_name_shows_what_the_artifacts_say_without_a_claim()
    {
        var duplicate = new Finding("duplicate-upload", Severity.Info, null, null, "acme/bert-a, acme/bert-b",
            "architecture hash, parameter count and weight files", 1.0, "The same architecture, size and weight files as acme/bert-a, acme/bert-b.");

        var list = Context.Render<FindingsList>(p => p.Add(c => c.Findings, [duplicate]));

        Assert.Empty(list.FindAll(".dara-finding-claimed"));
        Assert.Equal("acme/bert-a, acme/bert-b", list.Find(".dara-finding-observed").TextContent.Trim());
        Assert.Empty(list.FindAll(".dara-finding-element"));
    }

    [Fact]
    public void No_findings_says_so()
    {
        var list = Context.Render<FindingsList>(p => p.Add(c => c.Findings, Array.Empty<Finding>()));

        Assert.Contains("No findings", list.Find(".dara-findings-empty").TextContent, StringComparison.Ordinal);
        Assert.Empty(list.FindAll(".dara-finding"));
    }

    [Fact]
    public void An_unreadable_upload_says_which_file_could_not_be_read_and_not_that_the_name_agrees()
    {
        var list = Context.Render<FindingsList>(p => p
            .Add(c => c.Findings, Array.Empty<Finding>())
            .Add(c => c.Problems, [new ArtifactProblem("config.json", "not valid JSON")]));

        var problem = Assert.Single(list.FindAll(".dara-read-problem"));
        Assert.Equal("config.json: not valid JSON", problem.TextContent.Trim());
        Assert.DoesNotContain("agrees", list.Find(".dara-findings-empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_could_not_be_read_are_listed_above_the_findings()
    {
        var list = Context.Render<FindingsList>(p => p
            .Add(c => c.Findings, [Samples.SizeMismatch])
            .Add(c => c.Problems, [new ArtifactProblem("model.safetensors", "header length 99 exceeds the limit")]));

        Assert.Contains("model.safetensors", list.Find(".dara-read-problems").TextContent, StringComparison.Ordinal);
        Assert.Single(list.FindAll(".dara-finding"));
    }

    [Fact]
    public void Findings_still_loading_show_skeletons()
    {
        var list = Context.Render<FindingsList>(p => p.Add(c => c.Findings, null));

        Assert.NotEmpty(list.FindComponents<MudSkeleton>());
        Assert.Empty(list.FindAll(".dara-findings-empty"));
    }
}
