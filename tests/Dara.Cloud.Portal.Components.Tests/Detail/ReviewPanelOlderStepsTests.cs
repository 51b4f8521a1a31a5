using Dara.Cloud.Portal.Components.Detail;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

/// <summary>
/// The review panel shows the steps its review holds (the latest) and loads earlier ones a page at a time with
/// "Older steps", until the first step is shown.
/// </summary>
public sealed class ReviewPanelOlderStepsTests : ComponentTest
{
    private const string Ann = "ann@acme.example";

    // A review of 150 steps; the model holds the latest 50, steps 101-150.
    private static readonly IReadOnlyList<ReviewEvent> AllSteps = [.. Enumerable.Range(1, 150).Select(Step)];

    private readonly List<(long Before, int Take)> _requests = [];

    [Fact]
    public void Older_steps_loads_the_previous_page_until_the_first_step_is_shown()
    {
        var panel = RenderPanel(Review(101, 150));
        Assert.Equal(Texts(150, 101), Shown(panel));
        Assert.Equal("100 earlier steps", panel.Find(".dara-review-older-count").TextContent.Trim());

        panel.Find(".dara-review-older-button").Click();
        panel.WaitForAssertion(() => Assert.Equal(Texts(150, 51), Shown(panel)));
        Assert.Equal("50 earlier steps", panel.Find(".dara-review-older-count").TextContent.Trim());

        panel.Find(".dara-review-older-button").Click();
        panel.WaitForAssertion(() => Assert.Equal(Texts(150, 1), Shown(panel)));

        Assert.Empty(panel.FindAll(".dara-review-older"));
        Assert.Equal([(101L, ReviewPanel.OlderStepsPageSize), (51L, ReviewPanel.OlderStepsPageSize)], _requests);
    }

    [Fact]
    public void Viewers_page_back_through_the_history_too()
    {
        var panel = RenderPanel(Review(101, 150), canReview: false);

        panel.Find(".dara-review-older-button").Click();

        panel.WaitForAssertion(() => Assert.Equal(Texts(150, 51), Shown(panel)));
        Assert.Equal(["Older steps"], panel.FindAll("button").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void A_new_step_keeps_the_older_steps_already_loaded_even_once_the_model_has_archived_the_ones_it_showed()
    {
        var panel = RenderPanel(Review(101, 150));
        panel.Find(".dara-review-older-button").Click();
        panel.WaitForAssertion(() => Assert.Equal(Texts(150, 51), Shown(panel)));

        // Step 151 was taken elsewhere; the model now holds steps 101-151 only.
        panel.Render(p => p.Add(c => c.Review, Review(101, 151)));

        Assert.Equal(Texts(151, 51), Shown(panel));
        Assert.Equal("50 earlier steps", panel.Find(".dara-review-older-count").TextContent.Trim());
    }

    [Fact]
    public void A_review_that_starts_at_its_first_step_offers_no_older_steps()
    {
        var panel = RenderPanel(Review(1, 40));

        Assert.Equal(Texts(40, 1), Shown(panel));
        Assert.Empty(panel.FindAll(".dara-review-older"));
    }

    [Fact]
    public void Without_a_way_to_load_them_no_older_steps_are_offered()
    {
        var panel = Context.Render<ReviewPanel>(p => p
            .Add(c => c.Review, Review(101, 150))
            .Add(c => c.TakeStep, _ => Task.FromResult(true)));

        Assert.Equal(50, panel.FindAll(".dara-review-event").Count);
        Assert.Empty(panel.FindAll(".dara-review-older"));
    }

    [Fact]
    public void A_page_that_brings_no_older_steps_is_not_offered_again()
    {
        var panel = RenderPanel(Review(101, 150), load: (_, _) => Task.FromResult<ReviewHistoryPage?>(null));

        panel.Find(".dara-review-older-button").Click();

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll(".dara-review-older")));
        Assert.Equal(Texts(150, 101), Shown(panel));
    }

    private static ReviewEvent Step(int sequence) =>
        new(Samples.Now.AddMinutes(sequence - 150), Ann, ReviewActions.Comment, $"step {sequence}", sequence);

    private static ReviewState Review(int first, int last) =>
        new(ReviewActions.Open, null, null, [.. AllSteps.Concat([Step(151)]).Where(s => s.Sequence >= first && s.Sequence <= last)], Revision: last);

    // The history as the API pages it: the steps numbered below 'before', at most 'take' of them, oldest first.
    private Task<ReviewHistoryPage?> LoadFromAllSteps(long before, int take)
    {
        _requests.Add((before, take));
        var steps = AllSteps.Where(s => s.Sequence < before).TakeLast(take).ToList();
        return Task.FromResult<ReviewHistoryPage?>(new ReviewHistoryPage(steps, AllSteps.Count, steps[0].Sequence > 1 ? steps[0].Sequence : null));
    }

    private static IEnumerable<string> Texts(int newest, int oldest) =>
        Enumerable.Range(oldest, newest - oldest + 1).Reverse().Select(i => $"step {i}");

    private static List<string> Shown(IRenderedComponent<ReviewPanel> panel) =>
        [.. panel.FindAll(".dara-review-event-text").Select(e => e.TextContent)];

    private IRenderedComponent<ReviewPanel> RenderPanel(ReviewState review, bool canReview = true, Func<long, int, Task<ReviewHistoryPage?>>? load = null) =>
        Context.Render<ReviewPanel>(p => p
            .Add(c => c.Review, review)
            .Add(c => c.CurrentUserId, Ann)
            .Add(c => c.CanReview, canReview)
            .Add(c => c.TakeStep, _ => Task.FromResult(true))
            .Add(c => c.LoadOlder, load ?? LoadFromAllSteps));
}
