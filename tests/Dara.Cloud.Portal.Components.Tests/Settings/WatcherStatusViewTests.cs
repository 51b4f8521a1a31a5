using Dara.Cloud.Portal.Components.Settings;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

public sealed class WatcherStatusViewTests : ClockedComponentTest
{
    private static readonly WatcherStatus Healthy = new(Active: true, LastPoll: Samples.Now.AddMinutes(-5), ModelsRegistered: 12, LastError: null);

    [Fact]
    public void A_healthy_watcher_says_it_polls_when_it_last_did_in_relative_terms_and_how_many_models_it_registered()
    {
        var view = Render(Healthy, canPoll: false);

        Assert.Contains("Polling the Hub", view.Find(".dara-watcher-active").TextContent, StringComparison.Ordinal);
        Assert.Equal("5 minutes ago", view.Find(".dara-watcher-last-poll time").TextContent);
        Assert.Equal("2025-06-01 11:55:00 UTC", view.Find(".dara-watcher-last-poll time").GetAttribute("title"));
        Assert.Equal("12 models registered or updated so far", view.Find(".dara-watcher-registered").TextContent.Trim());
        Assert.Empty(view.FindAll(".dara-watcher-error"));
        Assert.Empty(view.FindAll(".dara-watcher-limit"));
    }

    [Fact]
    public void A_watcher_that_never_polled_says_so()
    {
        var view = Render(new WatcherStatus(false, null, 0, null), canPoll: false);

        Assert.Contains("Not polling yet", view.Find(".dara-watcher-active").TextContent, StringComparison.Ordinal);
        Assert.Contains("none yet", view.Find(".dara-watcher-last-poll").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_poll_is_an_error_alert_saying_what_failed_and_what_to_do()
    {
        var view = Render(Healthy with { LastError = "acme: the Hub answered 503 Service Unavailable." }, canPoll: true);

        var alert = view.Find(".dara-watcher-error").TextContent;
        Assert.Contains("The last poll of the Hub failed", alert, StringComparison.Ordinal);
        Assert.Contains("acme: the Hub answered 503 Service Unavailable. The watcher tries again", alert, StringComparison.Ordinal);
        Assert.Contains("or poll now", alert, StringComparison.Ordinal);
        Assert.Contains("check that the authors exist on the Hub", alert, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_organization_is_a_warning_that_new_models_are_held_back_until_models_are_deleted()
    {
        const string Reason = "acme has reached its limit of 50,000 models: delete some before adding new ones.";

        var view = Render(Healthy with { ModelLimitReached = Reason }, canPoll: false);

        var alert = view.Find(".dara-watcher-limit");
        Assert.Contains("mud-alert-text-warning", alert.ClassName, StringComparison.Ordinal);
        Assert.Contains("not registered: the organization is full", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains(Reason, alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("the next poll registers the ones held back", alert.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Viewers_see_the_status_but_no_poll_button()
    {
        var view = Render(Healthy with { LastError = "acme: 503" }, canPoll: false);

        Assert.Empty(view.FindAll(".dara-watcher-poll"));
        Assert.DoesNotContain("poll now", view.Find(".dara-watcher-error").TextContent, StringComparison.Ordinal);
        Assert.Single(view.FindAll(".dara-watcher-registered"));
    }

    [Fact]
    public void Without_watched_authors_the_watcher_has_nothing_to_say()
    {
        var view = Context.Render<WatcherStatusView>(p => p
            .Add(c => c.Status, Healthy with { LastError = "old error" }).Add(c => c.HasAuthors, false).Add(c => c.CanPoll, true).Add(c => c.PollNow, () => Task.FromResult<int?>(0)));

        Assert.Empty(view.FindAll(".dara-watcher-error"));
        Assert.Empty(view.FindAll(".dara-watcher-poll"));
    }

    [Fact]
    public void An_owner_polls_now_the_button_waits_for_the_poll_and_then_says_what_it_registered()
    {
        var poll = new TaskCompletionSource<int?>();
        var view = Render(Healthy, canPoll: true, pollNow: () => poll.Task);

        view.Find(".dara-watcher-poll").Click();
        view.WaitForAssertion(() => Assert.Equal("Polling…", view.Find(".dara-watcher-poll").TextContent.Trim()));
        Assert.True(view.Find(".dara-watcher-poll").HasAttribute("disabled"));
        poll.SetResult(3);

        view.WaitForAssertion(() => Assert.Equal("Polled just now: 3 models registered or updated.", view.Find(".dara-watcher-poll-outcome").TextContent));
        Assert.False(view.Find(".dara-watcher-poll").HasAttribute("disabled"));
    }

    [Fact]
    public void A_poll_that_found_nothing_or_failed_on_an_author_says_so_against_the_new_status()
    {
        var view = Render(Healthy, canPoll: true, pollNow: () => Task.FromResult<int?>(0));

        view.Find(".dara-watcher-poll").Click();
        view.WaitForAssertion(() => Assert.Equal("Polled just now: no new or updated models.", view.Find(".dara-watcher-poll-outcome").TextContent));
        view.Render(p => p.Add(c => c.Status, Healthy with { LastError = "acme: 503" }));

        Assert.Equal("Polled just now, with the error above.", view.Find(".dara-watcher-poll-outcome").TextContent);
    }

    public static TheoryData<Exception, string> PollFailures => new()
    {
        { new InvalidOperationException("Orleans.Runtime.SiloUnavailableException at Grain.Invoke"), "could not be run: the watcher did not answer. Try again in a moment." },
        { new TimeoutException("Response did not arrive on time in 00:00:30"), "It goes on in the background: reload the page in a minute" },
    };

    [Theory]
    [MemberData(nameof(PollFailures))]
    public void A_poll_that_failed_or_outlived_the_call_says_what_to_do_and_shows_no_exception(Exception failure, string expected)
    {
        var view = Render(Healthy, canPoll: true, pollNow: () => throw failure);

        view.Find(".dara-watcher-poll").Click();

        view.WaitForAssertion(() => Assert.Contains(expected, view.Find(".dara-watcher-poll-error").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(failure.Message, view.Markup, StringComparison.Ordinal);
        Assert.Empty(view.FindAll(".dara-watcher-poll-outcome"));
    }

    private IRenderedComponent<WatcherStatusView> Render(WatcherStatus status, bool canPoll, Func<Task<int?>>? pollNow = null) =>
        Context.Render<WatcherStatusView>(p => p
            .Add(c => c.Status, status)
            .Add(c => c.HasAuthors, true)
            .Add(c => c.CanPoll, canPoll)
            .Add(c => c.PollNow, pollNow ?? (() => Task.FromResult<int?>(0))));
}
