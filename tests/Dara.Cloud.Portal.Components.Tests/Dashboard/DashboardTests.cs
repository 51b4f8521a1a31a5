using Dara.Cloud.Portal.Components.Dashboard;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Dashboard;

public sealed class DashboardTests : ComponentTest
{
    private static readonly OrgStats Stats = new(
        Models: 40,
        AverageScore: 81.6,
        ByVerdict: new Dictionary<string, int> { ["ok"] = 30, ["suspicious"] = 6, ["misnamed"] = 4 },
        ByFinding: new Dictionary<string, int> { ["size-mismatch"] = 3, ["convention"] = 9, ["task-mismatch"] = 6 },
        ScoreHistogram: [0, 0, 1, 1, 2, 0, 3, 3, 10, 20],
        Trend: [new DailyPoint(new DateOnly(2025, 5, 30), 10, 75, 2), new DailyPoint(new DateOnly(2025, 5, 31), 12, 79, 1), new DailyPoint(new DateOnly(2025, 6, 1), 18, 81.6, 1)],
        Worst: [Samples.Summary("acme", "llama-7b", "misnamed", 20, "size-mismatch")],
        Recent: [Samples.Summary("acme", "bert-base", "ok", 100)]);

    [Fact]
    public void The_empty_organization_state_shows_every_way_to_add_models()
    {
        var raised = new List<string>();
        var empty = Context.Render<EmptyOrgState>(p => p
            .Add(c => c.ServerUrl, "https://dara.acme.example")
            .Add(c => c.Organization, "acme")
            .Add(c => c.OnUpload, () => raised.Add("upload"))
            .Add(c => c.OnRegisterFromHub, () => raised.Add("hub"))
            .Add(c => c.OnWatchAuthors, () => raised.Add("watch")));

        Assert.Equal(
            "export DARA_API_KEY=<a key from Settings>\ndara check ./my-model --name acme/my-model --server https://dara.acme.example --register",
            empty.Find(".dara-empty-org-command").TextContent.Trim());
        empty.Find(".dara-empty-org-upload-button").Click();
        empty.Find(".dara-empty-org-hub-button").Click();
        empty.Find(".dara-empty-org-watch-button").Click();
        Assert.Equal(["upload", "hub", "watch"], raised);
    }

    [Fact]
    public void The_quality_card_shows_the_average_counts_and_trend()
    {
        var card = Context.Render<QualityScoreCard>(p => p.Add(c => c.Stats, Stats));

        Assert.Equal("82", card.Find(".dara-score-value").TextContent.Trim());
        Assert.Equal("40 models", card.Find(".dara-quality-models").TextContent.Trim());
        Assert.Equal("4 misnamed · 6 suspicious · 30 ok", card.Find(".dara-quality-counts").TextContent.Trim());
        Assert.Contains("6.6 points over 3 days", card.Find(".dara-quality-change").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_quality_card_shows_a_skeleton_while_loading()
    {
        var card = Context.Render<QualityScoreCard>();

        Assert.NotEmpty(card.FindComponents<MudSkeleton>());
        Assert.Empty(card.FindAll(".dara-quality-models"));
    }

    [Fact]
    public void The_verdict_distribution_is_a_donut_in_the_verdicts_colours_with_counts_that_filter()
    {
        var chosen = new List<string>();
        var chart = Context.Render<VerdictDistributionChart>(p => p.Add(c => c.ByVerdict, Stats.ByVerdict).Add(c => c.OnSelect, v => chosen.Add(v)));

        var donut = chart.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(ChartType.Donut, donut.ChartType);
        Assert.Equal(["Ok", "Suspicious", "Misnamed"], donut.ChartLabels);
        Assert.Equal([30.0, 6.0, 4.0], donut.ChartSeries.Single().Data.Values);
        Assert.Equal(["#2E7D32", "#A15C00", "#C62828"], donut.ChartOptions!.ChartPalette);
        Assert.Contains("75%", chart.Find(".dara-verdict-count-ok").TextContent, StringComparison.Ordinal);

        chart.Find(".dara-verdict-count-misnamed button").Click();
        Assert.Equal(["misnamed"], chosen);
    }

    [Fact]
    public void The_trend_plots_average_score_and_the_misnamed_share_by_day()
    {
        var trend = Context.Render<TrendChart>(p => p.Add(c => c.Points, Stats.Trend.Reverse().ToList()));

        var chart = trend.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(["05-30", "05-31", "06-01"], chart.ChartLabels);
        Assert.Equal([75.0, 79.0, 81.6], chart.ChartSeries[0].Data.Values);
        Assert.Equal([20.0, 8.3, 5.6], chart.ChartSeries[1].Data.Values);
        Assert.Contains("from 75 on 2025-05-30 to 82 on 2025-06-01", trend.Instance.Summary, StringComparison.Ordinal);
        Assert.Contains("misnamed from 20% to 6%", trend.Instance.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_day_alone_is_drawn_as_points_and_says_the_line_starts_with_the_second()
    {
        var trend = Context.Render<TrendChart>(p => p.Add(c => c.Points, [Stats.Trend[0]]));

        var chart = trend.FindComponent<MudChart<double>>().Instance;
        Assert.True(Assert.IsType<LineChartOptions>(chart.ChartOptions).ShowDataMarkers);
        Assert.NotEmpty(trend.FindAll(".dara-trend-single"));

        trend.Render(p => p.Add(c => c.Points, Stats.Trend));
        Assert.False(((LineChartOptions)trend.FindComponent<MudChart<double>>().Instance.ChartOptions!).ShowDataMarkers);
        Assert.Empty(trend.FindAll(".dara-trend-single"));
    }

    [Fact]
    public void A_long_trend_keeps_the_axis_labels_readable()
    {
        var days = Enumerable.Range(0, 90).Select(i => new DateOnly(2025, 1, 1).AddDays(i)).ToList();

        var labels = TrendChart.Labels(days);

        Assert.Equal(90, labels.Length);
        Assert.InRange(labels.Count(l => l.Length > 0), 2, TrendChart.MaxLabels + 1);
        Assert.Equal("01-01", labels[0]);
        Assert.Equal("03-31", labels[^1]);
    }

    [Fact]
    public void The_trend_is_drawn_at_the_size_it_is_shown_so_its_text_does_not_shrink_on_a_phone()
    {
        var trend = Context.Render<TrendChart>(p => p.Add(c => c.Points, Stats.Trend));

        // Drawn at a fixed 650 px and scaled to fit, a phone's 320 px showed the axis text at half its size.
        var chart = trend.FindComponent<MudChart<double>>().Instance;
        Assert.True(chart.MatchBoundsToSize);
        Assert.Equal("100%", chart.Width);
    }

    [Fact]
    public async Task On_a_phone_the_trend_labels_fewer_days_and_on_a_wider_screen_again_as_many_as_before()
    {
        var month = Enumerable.Range(0, 30).Select(i => new DailyPoint(new DateOnly(2025, 5, 1).AddDays(i), 3, 80, 1)).ToList();
        var trend = Context.Render<TrendChart>(p => p.Add(c => c.Points, month));
        int Labelled() => trend.FindComponent<MudChart<double>>().Instance.ChartLabels.Count(label => label.Length > 0);
        await ViewportAsync(trend, Breakpoint.Lg, 1440);
        Assert.False(trend.Instance.OnPhone);
        var desktop = Labelled();
        Assert.InRange(desktop, TrendChart.MaxLabelsOnPhone + 2, TrendChart.MaxLabels + 1);

        await ViewportAsync(trend, Breakpoint.Xs, 390);
        Assert.True(trend.Instance.OnPhone);
        Assert.InRange(Labelled(), 2, TrendChart.MaxLabelsOnPhone + 1);
        Assert.Equal("05-30", trend.FindComponent<MudChart<double>>().Instance.ChartLabels[^1]);

        await ViewportAsync(trend, Breakpoint.Md, 1024);
        Assert.False(trend.Instance.OnPhone);
        Assert.Equal(desktop, Labelled());
    }

    [Fact]
    public void Day_labels_never_run_into_the_last_one_and_never_outnumber_what_the_width_takes()
    {
        foreach (var maxLabels in new[] { TrendChart.MaxLabelsOnPhone, TrendChart.MaxLabels })
        {
            for (var count = 1; count <= 90; count++)
            {
                var days = Enumerable.Range(0, count).Select(i => new DateOnly(2025, 1, 1).AddDays(i)).ToList();
                var labels = TrendChart.Labels(days, maxLabels);
                var shown = labels.Select((label, i) => (label, i)).Where(x => x.label.Length > 0).Select(x => x.i).ToList();
                var step = (int)Math.Ceiling(count / (double)maxLabels);

                Assert.Equal(count - 1, shown[^1]);
                Assert.Equal(0, shown[0]);
                Assert.InRange(shown.Count, Math.Min(count, 2), maxLabels + 1);
                Assert.All(shown.Zip(shown.Skip(1)), pair => Assert.True(2 * (pair.Second - pair.First) >= step,
                    $"{count} days, at most {maxLabels} labels: days {pair.First} and {pair.Second} are both labelled, closer than half the step of {step}"));
            }
        }
    }

    [Fact]
    public void Finding_kinds_are_listed_most_frequent_first_and_choosing_one_raises_it()
    {
        var chosen = new List<string>();
        var list = Context.Render<FindingKindsList>(p => p.Add(c => c.ByFinding, Stats.ByFinding).Add(c => c.OnSelect, code => chosen.Add(code)));

        Assert.Equal(["convention", "task-mismatch", "size-mismatch"], list.FindAll(".dara-finding-kind-code").Select(e => e.TextContent.Trim()));
        list.Find(".dara-finding-kind-size-mismatch").Click();
        Assert.Equal(["size-mismatch"], chosen);
    }

    [Fact]
    public void Model_lists_show_verdict_and_score_and_open_models()
    {
        var opened = new List<ModelSummary>();
        var list = Context.Render<ModelList>(p => p.Add(c => c.Title, "Worst").Add(c => c.Models, Stats.Worst).Add(c => c.OnOpen, m => opened.Add(m)));

        Assert.Equal("acme/llama-7b", list.Find(".dara-model-list-name").TextContent.Trim());
        Assert.NotEmpty(list.FindAll(".dara-verdict-misnamed"));
        list.Find(".dara-model-list-item").Click();
        Assert.Equal(Stats.Worst, opened);
    }

    [Fact]
    public void Every_model_in_a_dashboard_list_is_a_link_of_its_own_for_the_keyboard()
    {
        var models = Enumerable.Range(0, 3).Select(i => Samples.Summary("acme", $"model-{i}", "ok", 90)).ToArray();
        var list = Context.Render<ModelList>(p => p.Add(c => c.Models, models).Add(c => c.ModelHref, m => $"/models/{m.RepoId}"));

        var items = list.FindAll(".dara-model-list-item");
        Assert.Equal(["/models/acme/model-0", "/models/acme/model-1", "/models/acme/model-2"], items.Select(a => a.GetAttribute("href")));
        Assert.All(items, item =>
        {
            Assert.Equal("A", item.TagName);
            Assert.Null(item.GetAttribute("tabindex"));
            Assert.Null(item.GetAttribute("role"));
        });
    }

    [Fact]
    public void Every_finding_kind_is_a_button_of_its_own_for_the_keyboard()
    {
        var list = Context.Render<FindingKindsList>(p => p.Add(c => c.ByFinding, Stats.ByFinding));

        var kinds = list.FindAll(".dara-finding-kind");
        Assert.Equal(3, kinds.Count);
        Assert.All(kinds, kind =>
        {
            Assert.Equal("BUTTON", kind.TagName);
            Assert.Null(kind.GetAttribute("tabindex"));
        });
        Assert.StartsWith("convention, ", kinds[0].GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_lists_and_charts_say_there_is_nothing_yet()
    {
        Assert.Equal("No models.", Context.Render<ModelList>(p => p.Add(c => c.Models, [])).Find(".dara-model-list-empty").TextContent.Trim());
        Assert.NotEmpty(Context.Render<TrendChart>(p => p.Add(c => c.Points, [])).FindAll(".dara-trend-empty"));
        Assert.NotEmpty(Context.Render<VerdictDistributionChart>(p => p.Add(c => c.ByVerdict, new Dictionary<string, int>())).FindAll(".dara-verdict-distribution-empty"));
        Assert.NotEmpty(Context.Render<FindingKindsList>(p => p.Add(c => c.ByFinding, new Dictionary<string, int>())).FindAll(".dara-finding-kinds-empty"));
    }

    private static Task ViewportAsync(IRenderedComponent<TrendChart> trend, Breakpoint breakpoint, int width) =>
        trend.InvokeAsync(() => ((IBrowserViewportObserver)trend.Instance).NotifyBrowserViewportChangeAsync(
            new BrowserViewportEventArgs(Guid.NewGuid(), new MudBlazor.Services.BrowserWindowSize { Width = width, Height = 800 }, breakpoint, isImmediate: false)));
}
