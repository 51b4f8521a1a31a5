using System.Collections.Concurrent;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Portal.Components.Settings;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

/// <summary>The live preview scores the organization's models again, with the engine, under the policy being edited.</summary>
public sealed class PolicyPreviewTests : ComponentTest
{
    private const string Lower = "acme/bert-base-uncased-sst2";
    private const string Mixed = "acme/BERT-Base-Uncased-SST2";

    private static readonly IReadOnlyList<(string Name, ModelFacts Facts, int CurrentScore)> Models =
        new[] { Lower, Mixed }.Select(name => (name, Samples.BertClassifier, NameChecker.Default.Check(name, Samples.BertClassifier).Score)).ToList();

    [Fact]
    public void Requiring_lower_case_lowers_the_scores_of_names_with_capitals_only()
    {
        var preview = RenderPreview(PolicyRecord.Default);
        preview.WaitForAssertion(() => Assert.NotNull(preview.Instance.Result));
        Assert.All(preview.Instance.Result!.Rows, row => Assert.Equal(0, row.Change));

        preview.Render(p => p.Add(c => c.Policy, PolicyRecord.Default with { Lowercase = true }));

        preview.WaitForAssertion(() => Assert.True(preview.Instance.ResultPolicy?.Lowercase));
        var rows = preview.Instance.Result!.Rows.ToDictionary(r => r.Name);
        Assert.Equal(-5, rows[Mixed].Change);
        Assert.Equal(0, rows[Lower].Change);
        Assert.Equal(1, preview.Instance.Result.Changed);
        Assert.Equal(preview.Instance.Result.CurrentAverage - 2.5, preview.Instance.Result.NewAverage, 3);
        Assert.Contains("1 of 2 models change score", preview.Find(".dara-policy-preview-changed").TextContent, StringComparison.Ordinal);
        Assert.Equal(Mixed, preview.FindAll(".dara-policy-preview-name")[0].TextContent.Trim());
    }

    [Fact]
    public void Raising_the_severity_makes_a_departure_misnamed()
    {
        var preview = RenderPreview(PolicyRecord.Default with { Lowercase = true, Severity = "error" });

        preview.WaitForAssertion(() => Assert.NotNull(preview.Instance.Result));
        var mixed = preview.Instance.Result!.Rows.Single(r => r.Name == Mixed);
        Assert.Equal("misnamed", mixed.NewVerdict);
        Assert.Equal(-40, mixed.Change);
        Assert.Equal(1, preview.Instance.Result.ByVerdict["misnamed"]);
        Assert.NotEmpty(preview.FindAll(".dara-policy-preview-verdict-misnamed"));
    }

    [Fact]
    public void A_newer_edit_cancels_the_preview_still_running_and_only_the_latest_shows()
    {
        using var gate = new ManualResetEventSlim(false);
        var checkedUnder = new ConcurrentQueue<NamingPolicy>();
        CheckResult Check(string name, ModelFacts facts, NamingPolicy policy)
        {
            checkedUnder.Enqueue(policy);
            if (policy.MaxLength == 50)
            {
                // The first edit's preview stalls on its first model until the test lets it go.
                gate.Wait(TimeSpan.FromSeconds(10));
            }

            return NameChecker.Default.Check(name, facts, policy);
        }

        var preview = RenderPreview(PolicyRecord.Default with { MaxLength = 50 }, Check);
        Assert.True(SpinWait.SpinUntil(() => !checkedUnder.IsEmpty, TimeSpan.FromSeconds(10)), "the first preview never started");

        preview.Render(p => p.Add(c => c.Policy, PolicyRecord.Default with { MaxLength = 60, Lowercase = true }));
        preview.WaitForAssertion(() => Assert.Equal(60, preview.Instance.ResultPolicy?.MaxLength));
        gate.Set();

        // The stalled run wakes up cancelled: it checks no further model and never replaces the newer result.
        Assert.False(SpinWait.SpinUntil(() => preview.Instance.ResultPolicy?.MaxLength == 50, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, checkedUnder.Count(p => p.MaxLength == 50));
        Assert.Equal(Models.Count, checkedUnder.Count(p => p.MaxLength == 60));
        Assert.Equal(-5, preview.Instance.Result!.Rows.Single(r => r.Name == Mixed).Change);
    }

    [Fact]
    public void Edits_in_quick_succession_are_scored_once()
    {
        var checks = 0;
        CheckResult Check(string name, ModelFacts facts, NamingPolicy policy)
        {
            Interlocked.Increment(ref checks);
            return NameChecker.Default.Check(name, facts, policy);
        }

        var preview = Context.Render<PolicyPreview>(p => p
            .Add(c => c.Models, Models).Add(c => c.Policy, PolicyRecord.Default).Add(c => c.Check, Check).Add(c => c.DebounceMilliseconds, 400));
        preview.Render(p => p.Add(c => c.Policy, PolicyRecord.Default with { MaxLength = 80 }));
        preview.Render(p => p.Add(c => c.Policy, PolicyRecord.Default with { MaxLength = 70 }));

        preview.WaitForAssertion(() => Assert.Equal(70, preview.Instance.ResultPolicy?.MaxLength), TimeSpan.FromSeconds(5));
        Assert.Equal(Models.Count, checks);
    }

    [Fact]
    public void A_policy_the_engine_cannot_take_is_explained_instead_of_scored()
    {
        var preview = RenderPreview(PolicyRecord.Default with { Order = ["A", "Z"] });

        Assert.Contains("'Z' is not a naming element code", preview.Find(".dara-policy-preview-problem").TextContent, StringComparison.Ordinal);
        Assert.Null(preview.Instance.Result);
    }

    [Fact]
    public void An_organization_without_models_is_told_so()
    {
        var preview = Context.Render<PolicyPreview>(p => p.Add(c => c.Models, []).Add(c => c.Policy, PolicyRecord.Default).Add(c => c.DebounceMilliseconds, 0));

        preview.WaitForAssertion(() => Assert.NotEmpty(preview.FindAll(".dara-policy-preview-empty")));
    }

    [Theory]
    [InlineData(40, "Average score of the 2 most recently analysed of 40 models:")]
    [InlineData(2, "Average score of all 2 models:")]
    [InlineData(null, "Average score of 2 models:")]
    public void The_average_says_which_models_it_is_over(int? organizationModels, string expected)
    {
        // It said "Average score" of a sample of the newest 25 as if of the whole organization.
        var preview = Context.Render<PolicyPreview>(p => p
            .Add(c => c.Models, Models).Add(c => c.OrganizationModels, organizationModels).Add(c => c.Policy, PolicyRecord.Default).Add(c => c.DebounceMilliseconds, 0));

        preview.WaitForAssertion(() => Assert.StartsWith(expected + " ", Words(preview.Find(".dara-policy-preview-average").TextContent), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, "Score of the organization's only model:")]
    [InlineData(7, "Score of the most recently analysed of 7 models:")]
    public void A_single_model_is_not_averaged(int organizationModels, string expected)
    {
        var preview = Context.Render<PolicyPreview>(p => p
            .Add(c => c.Models, Models.Take(1).ToList()).Add(c => c.OrganizationModels, organizationModels).Add(c => c.Policy, PolicyRecord.Default).Add(c => c.DebounceMilliseconds, 0));

        preview.WaitForAssertion(() => Assert.Equal($"{expected} {Models[0].CurrentScore} → {Models[0].CurrentScore}", Words(preview.Find(".dara-policy-preview-average").TextContent)));
    }

    [Fact]
    public void The_calculator_scores_every_model_and_lists_the_biggest_changes_first()
    {
        var result = PolicyPreviewCalculator.Compute(
            Models,
            new NamingPolicy { Lowercase = true, Severity = Severity.Warning },
            (name, facts, policy) => NameChecker.Default.Check(name, facts, policy),
            CancellationToken.None);

        Assert.Equal([Mixed, Lower], result.Rows.Select(r => r.Name));
        Assert.Equal("suspicious", result.Rows[0].NewVerdict);
        Assert.Equal(-15, result.Rows[0].Change);
    }

    [Fact]
    public void The_calculator_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            PolicyPreviewCalculator.Compute(Models, NamingPolicy.Default, (name, facts, policy) => NameChecker.Default.Check(name, facts, policy), cancelled.Token));
    }

    private IRenderedComponent<PolicyPreview> RenderPreview(PolicyRecord policy, Func<string, ModelFacts, NamingPolicy, CheckResult>? check = null) =>
        Context.Render<PolicyPreview>(p =>
        {
            p.Add(c => c.Models, Models).Add(c => c.Policy, policy).Add(c => c.DebounceMilliseconds, 0);
            if (check is not null)
            {
                p.Add(c => c.Check, check);
            }
        });

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
