using Dara.Cloud.Portal.Components.Dashboard;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Dashboard;

public sealed class ReanalysisPanelTests : ClockedComponentTest
{
    private const string Ada = "ada@acme.example";
    private const string Bob = "bob@acme.example";

    private static readonly ReanalysisJob Running = new(
        Id: 4, Status: ReanalysisStatus.Running, Force: true, StartedBy: Ada, StartedAt: Samples.Now.AddMinutes(-2), FinishedAt: null,
        Models: 1234, Done: 300, Changed: 12, Unavailable: 1, Failed: 0);

    [Fact]
    public void Viewers_see_a_running_jobs_progress_and_who_started_it_but_no_buttons()
    {
        var panel = Render(Running, start: null, cancel: null);

        Assert.Equal("Analysing again: 300 of 1,234 models (24%)", panel.Find(".dara-reanalysis-progress-text").TextContent);
        Assert.StartsWith("24.3", panel.Find(".dara-reanalysis-progress").GetAttribute("aria-valuenow"), StringComparison.Ordinal);
        Assert.Equal("300 of 1,234 done · 12 changed · 1 unavailable · 0 failed", Normalized(panel.Find(".dara-reanalysis-counts").TextContent));
        Assert.Equal($"Every model, started by {Ada} 2 minutes ago", Normalized(panel.Find(".dara-reanalysis-started").TextContent));
        Assert.Empty(panel.FindAll(".dara-reanalysis-start"));
        Assert.Empty(panel.FindAll(".dara-reanalysis-cancel"));
    }

    [Fact]
    public void Without_a_job_yet_a_reviewer_is_offered_to_analyse_the_models_again_and_a_viewer_only_reads_that_none_ran()
    {
        var reviewer = Render(null, start: _ => Task.FromResult<ReanalysisJob?>(Running), cancel: _ => Task.FromResult<ReanalysisJob?>(null));
        var viewer = Render(null, start: null, cancel: null);

        Assert.Contains("No re-analysis has run yet", reviewer.Find(".dara-reanalysis-none").TextContent, StringComparison.Ordinal);
        Assert.Equal("Analyse models again", reviewer.Find(".dara-reanalysis-start").TextContent.Trim());
        Assert.Empty(reviewer.FindAll(".dara-reanalysis-cancel"));
        Assert.Contains("No re-analysis has run yet", viewer.Find(".dara-reanalysis-none").TextContent, StringComparison.Ordinal);
        Assert.Empty(viewer.FindAll(".dara-reanalysis-start"));
    }

    [Fact]
    public void Starting_is_confirmed_first_every_model_by_default_with_their_number_and_then_the_running_job_is_shown()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var starts = new List<bool>();
        var panel = Render(Finished(), start: everyModel =>
        {
            starts.Add(everyModel);
            return Task.FromResult<ReanalysisJob?>(Running with { Id = 5, Done = 0, Models = 0, StartedAt = Samples.Now });
        }, cancel: _ => Task.FromResult<ReanalysisJob?>(null));

        panel.Find(".dara-reanalysis-start").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("Every model: all 1,234 of the organization", dialogs.Find(".dara-reanalysis-choice-every").TextContent.Trim()));
        Button(dialogs, "Not now").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".dara-reanalysis-choice")));
        Assert.Empty(starts);

        panel.Find(".dara-reanalysis-start").Click();
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".dara-reanalysis-choice")));
        Assert.True(dialogs.Find(".dara-reanalysis-choice-every input").HasAttribute("checked"));
        Button(dialogs, "Analyse again").Click();

        panel.WaitForAssertion(() => Assert.Equal("Listing the organization's models…", panel.Find(".dara-reanalysis-progress-text").TextContent));
        Assert.Equal([true], starts);
        Assert.True(panel.FindComponent<MudProgressLinear>().Instance.Indeterminate);
        Assert.Empty(panel.FindAll(".dara-reanalysis-start"));
        Assert.Single(panel.FindAll(".dara-reanalysis-cancel"));
    }

    [Fact]
    public void The_confirmation_offers_only_the_models_an_older_engine_analysed_and_starts_that_job_when_chosen()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var starts = new List<bool>();
        var panel = Render(null, start: everyModel =>
        {
            starts.Add(everyModel);
            return Task.FromResult<ReanalysisJob?>(Running with { Id = 1, Force = everyModel, Done = 0, Models = 0, StartedAt = Samples.Now });
        }, cancel: _ => Task.FromResult<ReanalysisJob?>(null));

        panel.Find(".dara-reanalysis-start").Click();
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".dara-reanalysis-choice")));
        Assert.Equal("Only models an older engine analysed", dialogs.Find(".dara-reanalysis-choice-outdated").TextContent.Trim());
        Assert.Contains("Skips the models the current engine already analysed", dialogs.Find(".dara-reanalysis-choice-outdated-help").TextContent, StringComparison.Ordinal);
        dialogs.Find(".dara-reanalysis-choice-outdated input").Click();
        Button(dialogs, "Analyse again").Click();

        panel.WaitForAssertion(() => Assert.Equal([false], starts));
        panel.WaitForAssertion(() => Assert.StartsWith(
            "Models an older engine analysed, started by", Normalized(panel.Find(".dara-reanalysis-started").TextContent), StringComparison.Ordinal));
    }

    [Fact]
    public void An_organization_of_one_model_is_offered_its_one_model()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var panel = Context.Render<ReanalysisPanel>(p => p
            .Add(c => c.ReadJob, () => Task.FromResult<ReanalysisJob?>(null))
            .Add(c => c.Start, _ => Task.FromResult<ReanalysisJob?>(Running))
            .Add(c => c.Models, 1));

        panel.Find(".dara-reanalysis-start").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("Every model: the organization's 1 model", dialogs.Find(".dara-reanalysis-choice-every").TextContent.Trim()));
    }

    [Fact]
    public void A_running_job_is_read_again_at_every_tick_and_shown_live_until_it_has_finished()
    {
        var reads = new JobReads(Running, Running with { Done = 900, Changed = 30 }, Finished());
        var panel = Context.Render<ReanalysisPanel>(p => p.Add(c => c.ReadJob, reads.NextAsync).Add(c => c.Models, 1234));
        panel.WaitForAssertion(() => Assert.Contains("300 of 1,234", panel.Find(".dara-reanalysis-progress-text").TextContent, StringComparison.Ordinal));

        Clock.Advance(TimeSpan.FromSeconds(1));
        panel.WaitForAssertion(() => Assert.Contains("900 of 1,234", panel.Find(".dara-reanalysis-progress-text").TextContent, StringComparison.Ordinal));
        Assert.Equal("900 of 1,234 done · 30 changed · 1 unavailable · 0 failed", Normalized(panel.Find(".dara-reanalysis-counts").TextContent));

        Clock.Advance(TimeSpan.FromSeconds(1));
        panel.WaitForAssertion(() => Assert.Contains("Finished", panel.Find(".dara-reanalysis-outcome").TextContent, StringComparison.Ordinal));
        Assert.Empty(panel.FindAll(".dara-reanalysis-progress"));
        AssertNoLongerRead(reads);
    }

    [Fact]
    public void Cancelling_is_confirmed_first_and_then_the_job_reads_cancelled_by_whom_and_is_no_longer_read()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var cancelled = new List<long>();
        var reads = new JobReads(Running);
        var panel = Context.Render<ReanalysisPanel>(p => p
            .Add(c => c.ReadJob, reads.NextAsync)
            .Add(c => c.Start, _ => Task.FromResult<ReanalysisJob?>(Running))
            .Add(c => c.Cancel, id =>
            {
                cancelled.Add(id);
                return Task.FromResult<ReanalysisJob?>(Running with { Status = ReanalysisStatus.Cancelled, CancelledBy = Bob, FinishedAt = Samples.Now });
            })
            .Add(c => c.Models, 1234));

        panel.Find(".dara-reanalysis-cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Stop the re-analysis after 300 of 1,234 models?", dialogs.Markup, StringComparison.Ordinal));
        Button(dialogs, "Keep it running").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Stop the re-analysis", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(cancelled);

        panel.Find(".dara-reanalysis-cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Stop the re-analysis", dialogs.Markup, StringComparison.Ordinal));
        Button(dialogs, "Cancel re-analysis").Click();

        panel.WaitForAssertion(() => Assert.Equal(
            $"Cancelled by {Bob} just now after 300 of 1,234 models. The models it analysed keep their new verdicts; the others keep their old ones.",
            Normalized(panel.Find(".dara-reanalysis-outcome").TextContent)));
        Assert.Equal([4L], cancelled);
        Assert.Equal("Analyse models again", panel.Find(".dara-reanalysis-start").TextContent.Trim());
        Assert.Contains($"cancelled by {Bob}", panel.Find(".dara-reanalysis-started").TextContent, StringComparison.Ordinal);
        AssertNoLongerRead(reads);
    }

    [Fact]
    public void A_cancel_that_comes_after_the_job_finished_says_there_was_nothing_left_to_cancel()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var panel = Render(Running, start: _ => Task.FromResult<ReanalysisJob?>(Running), cancel: _ => Task.FromResult<ReanalysisJob?>(Finished()));

        panel.Find(".dara-reanalysis-cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Stop the re-analysis", dialogs.Markup, StringComparison.Ordinal));
        Button(dialogs, "Cancel re-analysis").Click();

        panel.WaitForAssertion(() => Assert.Contains("nothing left to cancel", panel.Find(".dara-reanalysis-notice").TextContent, StringComparison.Ordinal));
        Assert.StartsWith("Finished", Normalized(panel.Find(".dara-reanalysis-outcome").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_panel_that_goes_away_stops_reading_the_job()
    {
        var reads = new JobReads(Running);
        var panel = Context.Render<ReanalysisPanel>(p => p.Add(c => c.ReadJob, reads.NextAsync).Add(c => c.Models, 1234));
        Clock.Advance(TimeSpan.FromSeconds(1));
        panel.WaitForAssertion(() => Assert.Equal(2, reads.Count));

        await panel.Instance.DisposeAsync();

        AssertNoLongerRead(reads);
    }

    [Fact]
    public void A_start_that_fails_says_what_to_do_and_shows_no_exception()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var panel = Render(null, start: _ => throw new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request [S127.0.0.1:11111]"));

        panel.Find(".dara-reanalysis-start").Click();
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll(".dara-reanalysis-choice")));
        Button(dialogs, "Analyse again").Click();

        panel.WaitForAssertion(() => Assert.Contains("could not be started", panel.Find(".dara-reanalysis-error").TextContent, StringComparison.Ordinal));
        Assert.Contains("Try again in a moment", panel.Find(".dara-reanalysis-error").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("11111", panel.Markup, StringComparison.Ordinal);
        Assert.False(panel.Find(".dara-reanalysis-start").HasAttribute("disabled"));
    }

    [Fact]
    public void A_job_that_cannot_be_read_is_said_so_rather_than_claimed_never_to_have_run()
    {
        var panel = Context.Render<ReanalysisPanel>(p => p
            .Add(c => c.ReadJob, () => throw new TimeoutException("Response did not arrive on time"))
            .Add(c => c.Models, 1234));

        Assert.Contains("could not be read just now", panel.Find(".dara-reanalysis-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll(".dara-reanalysis-none"));
        Assert.DoesNotContain("did not arrive", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_organization_without_models_has_nothing_to_analyse_again()
    {
        var panel = Context.Render<ReanalysisPanel>(p => p
            .Add(c => c.ReadJob, () => Task.FromResult<ReanalysisJob?>(null))
            .Add(c => c.Start, _ => Task.FromResult<ReanalysisJob?>(Running))
            .Add(c => c.Models, 0));

        Assert.True(panel.Find(".dara-reanalysis-start").HasAttribute("disabled"));
    }

    // However far the clock moves on, the job is not read again.
    private void AssertNoLongerRead(JobReads reads)
    {
        var count = reads.Count;
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(count, reads.Count);
    }

    private static ReanalysisJob Finished() =>
        Running with { Status = ReanalysisStatus.Finished, Done = 1234, Changed = 40, FinishedAt = Samples.Now.AddMinutes(-1) };

    private IRenderedComponent<ReanalysisPanel> Render(ReanalysisJob? job, Func<bool, Task<ReanalysisJob?>>? start = null, Func<long, Task<ReanalysisJob?>>? cancel = null) =>
        Context.Render<ReanalysisPanel>(p => p
            .Add(c => c.ReadJob, () => Task.FromResult(job))
            .Add(c => c.Start, start)
            .Add(c => c.Cancel, cancel)
            .Add(c => c.Models, 1234));

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    /// <summary>The job as a page reads it again and again: each of the given states in turn, then the last one for good.</summary>
    private sealed class JobReads(params ReanalysisJob[] states)
    {
        /// <summary>How many times the job was read.</summary>
        public int Count { get; private set; }

        public Task<ReanalysisJob?> NextAsync() => Task.FromResult<ReanalysisJob?>(states[Math.Min(Count++, states.Length - 1)]);
    }

    internal static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
