using Dara.Cloud.Portal.Components.Dashboard;

namespace Dara.Cloud.Portal.Components.Tests.Dashboard;

public sealed class ReviewSummaryCardTests : ComponentTest
{
    private IRenderedComponent<ReviewSummaryCard> RenderCard(IReadOnlyDictionary<string, int>? byReview, int assignedToMe, int openFlagged = 0) =>
        Context.Render<ReviewSummaryCard>(p => p
            .Add(c => c.ByReview, byReview)
            .Add(c => c.OpenFlagged, openFlagged)
            .Add(c => c.AssignedToMe, assignedToMe)
            .Add(c => c.ModelsHref, "/orgs/acme/models"));

    [Fact]
    public void The_counts_link_to_the_models_list_filtered_by_review_and_assignee()
    {
        var card = RenderCard(new Dictionary<string, int> { ["open"] = 9000, ["assigned"] = 7, ["accepted"] = 40 }, 3, openFlagged: 1234);

        Assert.Equal("1,234", card.Find(".dara-review-summary-open .dara-review-summary-count").TextContent.Trim());
        Assert.Equal("/orgs/acme/models?review=open&verdict=flagged", card.Find(".dara-review-summary-open a").GetAttribute("href"));
        Assert.Contains("flagged, waiting for review", card.Find(".dara-review-summary-open").TextContent, StringComparison.Ordinal);
        Assert.Equal("7", card.Find(".dara-review-summary-assigned a").TextContent.Trim());
        Assert.Equal("/orgs/acme/models?review=assigned", card.Find(".dara-review-summary-assigned a").GetAttribute("href"));
        Assert.Equal("3", card.Find(".dara-review-summary-mine a").TextContent.Trim());
        Assert.Equal("/orgs/acme/models?review=assigned&assignee=me", card.Find(".dara-review-summary-mine a").GetAttribute("href"));
        Assert.Contains("assigned to me", card.Find(".dara-review-summary-mine").TextContent, StringComparison.Ordinal);
        Assert.Empty(card.FindAll(".dara-review-summary-clear"));
    }

    [Fact]
    public void A_count_of_zero_is_no_link_and_nothing_waiting_is_said()
    {
        // Open reviews of ok models have nothing to decide: they are not waiting for anyone.
        var card = RenderCard(new Dictionary<string, int> { ["open"] = 300, ["accepted"] = 5 }, 0, openFlagged: 0);

        Assert.Empty(card.FindAll(".dara-review-summary a"));
        Assert.Equal(["0", "0", "0"], card.FindAll(".dara-review-summary-count").Select(c => c.TextContent.Trim()));
        Assert.Contains("Nothing is waiting for review", card.Find(".dara-review-summary-clear").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_reviews_with_none_assigned_to_me_link_only_where_there_is_work()
    {
        var card = RenderCard(new Dictionary<string, int> { ["open"] = 2 }, 0, openFlagged: 2);

        Assert.Equal(["/orgs/acme/models?review=open&verdict=flagged"], card.FindAll(".dara-review-summary a").Select(a => a.GetAttribute("href")));
        Assert.Empty(card.FindAll(".dara-review-summary-clear"));
    }

    [Fact]
    public void While_the_counts_load_the_card_shows_placeholders()
    {
        var card = RenderCard(null, 0);

        Assert.NotNull(card.Find(".dara-review-summary [aria-busy=true]"));
        Assert.Empty(card.FindAll(".dara-review-summary-count"));
    }
}
