using Dara.Cloud.Portal.Components.Dashboard;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Dashboard;

public sealed class ReanalysisJobSummaryTests : ClockedComponentTest
{
    private static readonly ReanalysisJob Ended = new(
        Id: 7, Status: ReanalysisStatus.Finished, Force: true, StartedBy: "ada@acme.example", StartedAt: Samples.Now.AddHours(-3),
        FinishedAt: Samples.Now.AddHours(-2), Models: 10_000, Done: 10_000, Changed: 31, Unavailable: 0, Failed: 0);

    [Fact]
    public void A_finished_job_says_when_how_many_models_it_analysed_and_how_many_changed()
    {
        var outcome = Outcome(Ended);

        Assert.Equal("Finished 2 hours ago: 10,000 models analysed again, 31 with a new verdict or score.", ReanalysisPanelTests.Normalized(outcome.TextContent));
        Assert.Contains("mud-alert-text-success", outcome.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finished_job_says_which_models_kept_their_verdicts_because_they_could_not_be_read_or_analysed()
    {
        var outcome = Outcome(Ended with { Unavailable = 2, Failed = 1 });

        Assert.EndsWith(
            "2 could not be read from the Hub and 1 could not be analysed, and kept their verdicts.",
            ReanalysisPanelTests.Normalized(outcome.TextContent),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_job_is_an_error_with_its_error_and_what_to_do()
    {
        var outcome = Outcome(Ended with { Status = ReanalysisStatus.Failed, Done = 0, Models = 0, Error = "The organization's models could not be listed: storage is unavailable." });

        Assert.Equal(
            "Failed 2 hours ago: The organization's models could not be listed: storage is unavailable. Start it again; if it fails again, the portal's logs say more.",
            ReanalysisPanelTests.Normalized(outcome.TextContent));
        Assert.Contains("mud-alert-text-error", outcome.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interrupted_job_is_a_warning_that_says_how_far_it_got_and_to_start_it_again_without_the_silo_jargon()
    {
        var outcome = Outcome(Ended with { Status = ReanalysisStatus.Failed, Done = 2712, Error = ReanalysisJob.InterruptedError });

        var text = ReanalysisPanelTests.Normalized(outcome.TextContent);
        Assert.StartsWith("Interrupted 2 hours ago after 2,712 of 10,000 models: the server running it stopped.", text, StringComparison.Ordinal);
        Assert.Contains("start it again to analyse the rest", text, StringComparison.Ordinal);
        Assert.DoesNotContain("silo", text, StringComparison.Ordinal);
        Assert.Contains("mud-alert-text-warning", outcome.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_job_says_who_cancelled_it_how_far_it_got_and_what_became_of_the_verdicts()
    {
        var job = Ended with { Status = ReanalysisStatus.Cancelled, Done = 2790, Changed = 32, CancelledBy = "bob@acme.example" };

        var summary = Context.Render<ReanalysisJobSummary>(p => p.Add(c => c.Job, job));

        Assert.Equal(
            "Cancelled by bob@acme.example 2 hours ago after 2,790 of 10,000 models. The models it analysed keep their new verdicts; the others keep their old ones.",
            ReanalysisPanelTests.Normalized(summary.Find(".dara-reanalysis-outcome").TextContent));
        Assert.Contains("mud-alert-text-info", summary.Find(".dara-reanalysis-outcome").ClassName, StringComparison.Ordinal);
        Assert.Equal(
            "Every model, started by ada@acme.example 3 hours ago · cancelled by bob@acme.example",
            ReanalysisPanelTests.Normalized(summary.Find(".dara-reanalysis-started").TextContent));
    }

    [Fact]
    public void A_job_over_only_the_models_an_older_engine_analysed_says_so()
    {
        var summary = Context.Render<ReanalysisJobSummary>(p => p.Add(c => c.Job, Ended with { Force = false }));

        Assert.StartsWith("Models an older engine analysed, started by", ReanalysisPanelTests.Normalized(summary.Find(".dara-reanalysis-started").TextContent), StringComparison.Ordinal);
        Assert.Empty(summary.FindComponents<MudProgressLinear>());
    }

    [Fact]
    public void A_job_over_the_models_an_older_engine_analysed_does_not_claim_to_have_analysed_every_model_it_visited()
    {
        var running = Ended with { Force = false, Status = ReanalysisStatus.Running, FinishedAt = null, Done = 2500 };

        var progress = Context.Render<ReanalysisJobSummary>(p => p.Add(c => c.Job, running));
        var finished = Outcome(Ended with { Force = false });

        Assert.Equal("Looking for models an older engine analysed: 2,500 of 10,000 models (25%)", progress.Find(".dara-reanalysis-progress-text").TextContent);
        Assert.Equal(
            "Finished 2 hours ago: 10,000 models looked at, the ones an older engine had analysed brought up to date; 31 with a new verdict or score.",
            ReanalysisPanelTests.Normalized(finished.TextContent));
    }

    private AngleSharp.Dom.IElement Outcome(ReanalysisJob job) =>
        Context.Render<ReanalysisJobSummary>(p => p.Add(c => c.Job, job)).Find(".dara-reanalysis-outcome");
}
