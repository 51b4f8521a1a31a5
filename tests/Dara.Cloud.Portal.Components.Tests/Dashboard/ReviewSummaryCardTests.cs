using Dara.Cloud.Portal.Components.Dashboard;

namespace Dara.Cloud.Portal.Components.Tests.Dashboard;

public sealed class ReviewSummaryCardTests : ComponentTest
{
    private IRenderedComponent<ReviewSummaryCard> RenderCard(IReadOnlyDictionary<string, int>? byReview, int assignedToMe) =>
        Context.Render<ReviewSummaryCard>(p => p
            .Add(c => c.ByReview, byReview)
            .Add(c => c.AssignedToMe, assignedToMe)
            .Add(c => c.ModelsHref, "/orgs/acme/models"));

    [Fact]
    public void The_counts_link_to_the_models_list_filtered_by_review_and_assignee()
    {
        var card = RenderCard(new Dictionary<string, int> { ["open"] = 1234, ["assigned"] = 7, ["accepted"] = 40 }, 3);

        Assert.Equal("1,234", card.Find(".dara-review-summary-open .dara-review-summary-count").TextContent.Trim());
        Assert.Equal("/orgs/acme/models?review=open", card.Find(".dara-review-summary-open a").GetAttribute("href"));
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
        var card = RenderCard(new Dictionary<string, int> { ["accepted"] = 5 }, 0);

        Assert.Empty(card.FindAll(".dara-review-summary a"));
        Assert.Equal(["0", "0", "0"], card.FindAll(".dara-review-summary-count").Select(c => c.TextContent.Trim()));
        Assert.Contains("Nothing is waiting for review", card.Find(".dara-review-summary-clear").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_reviews_with_none_assigned_to_me_link_only_where_there_is_work()
    {
        var card = RenderCard(new Dictionary<string, int> { ["open"] = 2 }, 0);

        Assert.Equal(["/orgs/acme/models?review=open"], card.FindAll(".dara-review-summary a").Select(a => a.GetAttribute("href")));
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
