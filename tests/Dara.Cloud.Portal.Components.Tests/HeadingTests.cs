using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Portal.Components.Dashboard;
using Dara.Cloud.Portal.Components.Detail;
using Dara.Cloud.Portal.Components.Naming;
using Dara.Cloud.Portal.Components.Settings;

namespace Dara.Cloud.Portal.Components.Tests;

/// <summary>
/// Titles are headings one level under their page's (the organization's name is the h1), so a screen reader's list of
/// headings is the page's outline: MudBlazor's h6 and subtitle styles render h6 elements unless told otherwise.
/// </summary>
public sealed class HeadingTests : ComponentTest
{
    [Fact]
    public void Every_settings_section_is_titled_with_a_second_level_heading()
    {
        Assert.Equal("Naming policy", Heading(Context.Render<PolicyEditor>(p => p.Add(c => c.Policy, PolicyRecord.Default)).Markup, "h2"));
        Assert.Equal("Members", Heading(Context.Render<MembersEditor>(p => p.Add(c => c.Members, [])).Markup, "h2"));
        Assert.Equal("Watched Hub authors", Heading(Context.Render<WatchedAuthorsEditor>(p => p.Add(c => c.Authors, [])).Markup, "h2"));
        Assert.Equal("API keys", Heading(Context.Render<ApiKeysManager>(p => p
            .Add(c => c.Keys, [])
            .Add(c => c.CreateKey, (_, _) => throw new InvalidOperationException("not in this test"))).Markup, "h2"));
        Assert.Equal("Hub webhook", Heading(Context.Render<HubWebhookSettings>(p => p
            .Add(c => c.Url, "https://dara.example/api/hooks/huggingface/acme")
            .Add(c => c.Status, WebhookSecretStatus.None)).Markup, "h2"));
    }

    [Fact]
    public void Dashboard_lists_are_titled_with_second_level_headings()
    {
        var list = Context.Render<ModelList>(p => p.Add(c => c.Title, "Worst names").Add(c => c.Models, []));

        Assert.Equal("Worst names", Heading(list.Markup, "h2"));
    }

    [Fact]
    public void Finding_groups_are_headings_under_the_findings_section()
    {
        var list = Context.Render<FindingsList>(p => p.Add(c => c.Findings, [Samples.SizeMismatch]));

        Assert.Equal("1 error", list.Find("h4.dara-findings-group-title").TextContent.Trim());
        Assert.Empty(list.FindAll("h6"));
    }

    [Fact]
    public void The_review_s_history_is_a_heading_under_the_review_section()
    {
        var panel = Context.Render<ReviewPanel>(p => p
            .Add(c => c.Review, ReviewState.Open)
            .Add(c => c.CanReview, true)
            .Add(c => c.TakeStep, _ => Task.FromResult(true)));

        Assert.Equal("History", Heading(panel.Markup, "h4"));
    }

    [Fact]
    public void A_score_is_no_heading()
    {
        var gauge = Context.Render<ScoreGauge>(p => p.Add(c => c.Score, 95));

        Assert.Empty(gauge.FindAll("h1, h2, h3, h4, h5, h6"));
        Assert.Equal("95", gauge.Find(".dara-score-value").TextContent.Trim());
    }

    private static string Heading(string markup, string level)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(markup);
        var headings = document.QuerySelectorAll("h1, h2, h3, h4, h5, h6");
        var heading = Assert.Single(headings);
        Assert.Equal(level.ToUpperInvariant(), heading.TagName);
        return heading.TextContent.Trim();
    }
}
