using Dara.Cloud.Portal.Components.Detail;

namespace Dara.Cloud.Portal.Components.Tests.Detail;

public sealed class ReviewTrailTests
{
    [Fact]
    public void Steps_that_do_not_join_the_newest_without_a_gap_are_left_out_until_the_ones_between_are_loaded()
    {
        var shown = ReviewTrail.WithLatest([], Steps(41, 60));

        var withGap = ReviewTrail.WithOlder(shown, Steps(1, 30));
        var joined = ReviewTrail.WithOlder(shown, Steps(21, 40));

        Assert.Equal(Numbers(41, 60), withGap.Select(s => s.Sequence));
        Assert.Equal(Numbers(21, 60), joined.Select(s => s.Sequence));
        Assert.Equal(20, ReviewTrail.OlderCount(joined));
    }

    [Fact]
    public void A_review_numbered_from_the_start_again_replaces_the_steps_shown()
    {
        var shown = ReviewTrail.WithLatest([], Steps(101, 150));

        var again = ReviewTrail.WithLatest(shown, Steps(1, 3));

        Assert.Equal(Numbers(1, 3), again.Select(s => s.Sequence));
        Assert.Equal(0, ReviewTrail.OlderCount(again));
    }

    [Fact]
    public void Steps_without_numbers_are_shown_as_they_are_with_nothing_older_to_load()
    {
        IReadOnlyList<ReviewEvent> unnumbered = [new(Samples.Now, "ann@acme.example", ReviewActions.Comment, "a"), new(Samples.Now, "ann@acme.example", ReviewActions.Accept, null)];

        var shown = ReviewTrail.WithLatest(Steps(1, 5), unnumbered);

        Assert.Same(unnumbered, shown);
        Assert.Equal(0, ReviewTrail.OlderCount(shown));
    }

    private static IReadOnlyList<ReviewEvent> Steps(int first, int last) =>
        [.. Numbers(first, last).Select(i => new ReviewEvent(Samples.Now.AddMinutes(i), "ann@acme.example", ReviewActions.Comment, $"step {i}", i))];

    private static IEnumerable<long> Numbers(int first, int last) => Enumerable.Range(first, last - first + 1).Select(i => (long)i);
}
