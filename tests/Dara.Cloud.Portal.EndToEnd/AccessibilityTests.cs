using System.Net;
using System.Net.Http.Json;
using Deque.AxeCore.Commons;
using Dara.Cloud.Portal.Components.Layout;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>
/// axe-core's WCAG 2.x A/AA rules (and its best practices) on every page an owner sees with real content, at a laptop's
/// and a phone's width, in the light and the dark theme: no serious or critical violation on any of them.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AccessibilityTests(PortalServer portal, Chromium chromium, ITestOutputHelper output)
{
    private const string FlaggedName = "acme/bert-base-news";

    private const string RobertaConfig = """{"model_type": "roberta", "architectures": ["RobertaForSequenceClassification"], "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 50265, "max_position_embeddings": 514, "id2label": {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2", "3": "LABEL_3"}}""";

    private const string BertConfig = """{"model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522}""";

    private static readonly AxeRunOptions WcagRules = new()
    {
        RunOnly = new RunOnlyOptions
        {
            Type = "tag",
            Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"],
        },
    };

    /// <summary>
    /// Violations that come from inside MudBlazor and cannot be fixed from the portal: each is one rule on one element
    /// (by the selector axe reports), never a rule everywhere. None today: every violation the audit found was the
    /// portal's own and is fixed.
    /// </summary>
    private static readonly HashSet<(string Rule, string Target)> MudBlazorViolations = [];

    static AccessibilityTests() => SetDefaultExpectTimeout(30_000);

    [Theory]
    [InlineData(1440, "light")]
    [InlineData(1440, "dark")]
    [InlineData(390, "light")]
    [InlineData(390, "dark")]
    public async Task An_owners_pages_have_no_serious_or_critical_accessibility_violation(int width, string theme)
    {
        var (owner, org) = await OrganizationWithContentAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
            ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = MainLayout.ThemeCookie, Value = theme, Url = portal.Address.ToString() }]);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, owner);

        var found = new List<Violation>();
        await Expect(page.Locator($"a[href='/orgs/{org}']").First).ToBeVisibleAsync();
        found.AddRange(await AuditAsync(page, "home"));

        await page.GotoLiveAsync(portal.Url($"orgs/{org}"));
        await Expect(page.Locator(".dara-trend svg").First).ToBeVisibleAsync();
        found.AddRange(await AuditAsync(page, "dashboard"));

        await page.GotoLiveAsync(portal.Url($"orgs/{org}/models"));
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(2);
        found.AddRange(await AuditAsync(page, "models"));

        await page.GotoLiveAsync(portal.Url($"orgs/{org}/models/{FlaggedName}"));
        await Expect(page.Locator(".dara-finding-architecture-mismatch")).ToBeVisibleAsync();
        found.AddRange(await AuditAsync(page, "model"));

        await page.GotoLiveAsync(portal.Url($"orgs/{org}/check"));
        found.AddRange(await AuditAsync(page, "check"));

        var config = Path.Combine(Path.GetTempPath(), $"dara-a11y-{Guid.NewGuid():N}", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        try
        {
            await File.WriteAllTextAsync(config, RobertaConfig);
            await page.ChooseFileAsync(page.Locator("input.dara-check-input"), config);
            await Expect(page.Locator(".dara-check-file")).ToHaveCountAsync(1);
            await page.Locator(".dara-check-repo-id input").FillAsync("acme/bert-base-checked");
            await page.Locator(".dara-check-submit").ClickAsync();
            await Expect(page.Locator(".dara-check-result .dara-verdict-misnamed")).ToBeVisibleAsync();
            found.AddRange(await AuditAsync(page, "check result"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
        }

        await page.GotoLiveAsync(portal.Url($"orgs/{org}/settings"));
        await Expect(page.Locator(".dara-member")).ToHaveCountAsync(2);
        found.AddRange(await AuditAsync(page, "settings"));

        foreach (var violation in found)
        {
            output.WriteLine(violation.ToString());
        }

        var blocking = found.Where(v => v.Impact is "serious" or "critical").Select(v => v.ToString()).ToList();
        Assert.True(blocking.Count == 0, $"at {width} px, {theme}: {blocking.Count} serious or critical violations:\n{string.Join('\n', blocking)}");
    }

    private static async Task<IEnumerable<Violation>> AuditAsync(IPage page, string name)
    {
        // MudBlazor's transitions (a chip's ripple, a label floating up) finish before colours are measured.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(500);
        var result = await page.RunAxe(WcagRules);

        // A page axe found nothing to check on (still loading, an error page) would pass without saying anything.
        Assert.True(result.Passes.Length > 10, $"{name}: axe checked only {result.Passes.Length} rules");
        return result.Violations
            .SelectMany(rule => rule.Nodes.Select(node => new Violation(name, rule.Id, rule.Impact ?? node.Impact ?? "", node.Target.ToString(), WhyOf(node))))
            .Where(v => !MudBlazorViolations.Contains((v.Rule, v.Target)));
    }

    /// <summary>What axe found wrong with one element (for a contrast: the two colours and their ratio).</summary>
    private static string WhyOf(AxeResultNode node) =>
        string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message));

    private async Task<(string Owner, string Org)> OrganizationWithContentAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"a11y-{suffix}@example.com";
        var org = $"a11y-{suffix}";
        using var api = portal.ApiAs(owner);
        await api.CreateOrganizationAsync(org, "Accessible Lab");
        await api.UploadConfigAsync(org, FlaggedName, RobertaConfig);
        await api.UploadConfigAsync(org, "acme/bert-base-uncased", BertConfig);
        using var added = await api.PutAsJsonAsync($"api/orgs/{org}/members/colleague-{suffix}@example.com", new { role = "reviewer" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        using var key = await api.PostAsJsonAsync($"api/orgs/{org}/api-keys", new { name = "nightly-check", role = "reviewer" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        using var watched = await api.PutAsJsonAsync($"api/orgs/{org}/watched-authors", new[] { "some-research-lab" });
        Assert.Equal(HttpStatusCode.OK, watched.StatusCode);
        return (owner, org);
    }

    private sealed record Violation(string Page, string Rule, string Impact, string Target, string Why)
    {
        public override string ToString() => $"{Page} | {Rule} ({Impact}) | {Target} | {Why}";
    }
}
