using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dara.Cloud.Portal.EndToEnd;

/// <summary>On a phone (390 px wide) the pages fit the screen: layout is what a browser, not a component test, can tell.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NarrowScreenTests(PortalServer portal, Chromium chromium)
{
    private const int PhoneWidth = 390;

    private const string BertConfig = """{"model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522}""";

    static NarrowScreenTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task On_a_phone_the_app_bar_keeps_the_brand_the_user_and_sign_out_apart_on_one_line()
    {
        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, $"someone-with-a-long-address-{Guid.NewGuid():N}@example.com");

        // The address used to run into "Dara.Cloud" and squeeze "Sign out" onto two lines.
        var brand = await BoxAsync(page, ".dara-brand");
        var user = await BoxAsync(page, ".dara-signed-in-user");
        var signOut = await BoxAsync(page, ".dara-sign-out");
        Assert.True(brand.X + brand.Width <= user.X, $"the brand ends at {brand.X + brand.Width} px, the user starts at {user.X} px");
        Assert.True(user.X + user.Width <= signOut.X, $"the user ends at {user.X + user.Width} px, sign out starts at {signOut.X} px");
        Assert.True(signOut.Height < 40, $"sign out is {signOut.Height} px high");
        Assert.True(signOut.X + signOut.Width <= PhoneWidth);
    }

    [Fact]
    public async Task A_long_model_name_on_a_phone_leaves_every_column_of_the_models_list_on_screen()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var user = $"phone-{suffix}@example.com";
        var org = $"phone-{suffix}";
        var longName = $"acme/{new string('x', 90)}";
        using var api = portal.ApiAs(user);
        await api.CreateOrganizationAsync(org, "Phone Lab");

        await api.UploadConfigAsync(org, longName, BertConfig);

        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, user);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/models"));
        await Expect(page.Locator(".dara-model-link")).ToHaveTextAsync(longName);

        // An unbroken name used to widen the table past the screen, taking every row's verdict, score and actions with it.
        var table = await page.Locator(".dara-models-table .mud-table-container").EvaluateAsync<int[]>("t => [t.scrollWidth, t.clientWidth]");
        Assert.True(table[0] <= table[1], $"the models table is {table[0]} px wide in {table[1]} px");
        var open = await page.Locator(".dara-action-open").BoundingBoxAsync();
        Assert.NotNull(open);
        Assert.True(open.X + open.Width <= PhoneWidth, $"the open button ends at {open.X + open.Width} px");
    }

    [Fact]
    public async Task On_a_phone_a_models_facts_and_findings_stay_inside_their_cards()
    {
        var (user, org) = await OrganizationAsync("facts");
        using (var api = portal.ApiAs(user))
        {
            await api.UploadConfigAsync(org, "acme/bert-base-news", RobertaConfig);
        }

        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, user);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/models/acme/bert-base-news"));
        await Expect(page.Locator(".dara-finding-architecture-mismatch .dara-finding-observed")).ToContainTextAsync("RobertaForSequenceClassification");

        // "RobertaForSequenceClassification" and the label list ran past the facts card, cut off at its edge, and the
        // finding's "roberta (RobertaForSequenceClassification)" past the finding's.
        var facts = await page.Locator(".dara-facts .mud-table-container").EvaluateAsync<int[]>("t => [t.scrollWidth, t.clientWidth]");
        Assert.True(facts[0] <= facts[1], $"the facts table is {facts[0]} px wide in {facts[1]} px");
        var finding = await BoxAsync(page, ".dara-finding-architecture-mismatch");
        var observed = await BoxAsync(page, ".dara-finding-architecture-mismatch .dara-finding-observed");
        Assert.True(observed.X + observed.Width <= finding.X + finding.Width, $"what the artifacts say ends at {observed.X + observed.Width} px, its card at {finding.X + finding.Width} px");
    }

    [Fact]
    public async Task On_a_phone_an_owners_settings_keep_every_control_on_screen_and_never_scroll_sideways()
    {
        var (user, org) = await OrganizationAsync("members");
        using (var api = portal.ApiAs(user))
        {
            using var added = await api.PutAsJsonAsync($"api/orgs/{org}/members/a-colleague-with-a-long-address@research.example.com", new { role = "reviewer" });
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            using var key = await api.PostAsJsonAsync($"api/orgs/{org}/api-keys", new { name = "nightly-naming-check-of-the-research-models", role = "reviewer" });
            Assert.Equal(HttpStatusCode.Created, key.StatusCode);
            using var watched = await api.PutAsJsonAsync($"api/orgs/{org}/watched-authors", new[] { "some-research-lab" });
            Assert.Equal(HttpStatusCode.OK, watched.StatusCode);
        }

        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, user);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/settings"));
        await Expect(page.Locator(".dara-member")).ToHaveCountAsync(2);

        // The table ran past its card and the remove buttons were out of sight; the new member's field ran past it too.
        var table = await page.Locator(".dara-members-table .mud-table-container").EvaluateAsync<int[]>("t => [t.scrollWidth, t.clientWidth]");
        Assert.True(table[0] <= table[1], $"the members table is {table[0]} px wide in {table[1]} px");
        var card = await BoxAsync(page, ".dara-settings-members");
        foreach (var remove in await page.Locator(".dara-member-remove").AllAsync())
        {
            var box = await remove.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X + box.Width <= card.X + card.Width, $"a remove button ends at {box.X + box.Width} px, the card at {card.X + card.Width} px");
        }

        var field = await BoxAsync(page, ".dara-member-add-email");
        Assert.True(field.X + field.Width <= card.X + card.Width, $"the new member's field ends at {field.X + field.Width} px, the card at {card.X + card.Width} px");

        // The actions column's header is for screen readers only: it used to be shown, over an empty column for viewers.
        var header = await BoxAsync(page, ".dara-members-table th .mud-sr-only");
        Assert.True(header.Width <= 1, $"the actions header is {header.Width} px wide");

        // The API keys table hid its revoke buttons past its card too.
        var keys = await page.Locator(".dara-api-keys-table .mud-table-container").EvaluateAsync<int[]>("t => [t.scrollWidth, t.clientWidth]");
        Assert.True(keys[0] <= keys[1], $"the API keys table is {keys[0]} px wide in {keys[1]} px");
        var revoke = await BoxAsync(page, ".dara-api-key-revoke");
        Assert.True(revoke.X + revoke.Width <= PhoneWidth, $"the revoke button ends at {revoke.X + revoke.Width} px");

        // A failed poll's error names the Hub address it asked, one long word that made the whole page scroll sideways.
        await page.Locator(".dara-watcher-poll").ClickAsync();
        await Expect(page.Locator(".dara-watcher-error")).ToBeVisibleAsync();
        var document = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(document[0] <= document[1], $"the settings page is {document[0]} px wide in {document[1]} px");
    }

    [Fact]
    public async Task On_a_phone_the_models_list_is_sorted_from_its_sort_list_and_the_address_keeps_the_order()
    {
        var (user, org) = await OrganizationAsync("sort");
        using (var api = portal.ApiAs(user))
        {
            await api.UploadConfigAsync(org, "acme/bert-base-uncased", BertConfig);
            await api.UploadConfigAsync(org, "acme/llama-7b-chat", RobertaConfig);
        }

        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, user);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}/models"));
        await Expect(page.Locator(".dara-model-link")).ToHaveCountAsync(2);

        // The grid's cards have no column headers: their sort buttons were the only way to sort, so there was none.
        await ChooseSortAsync(page, "Lowest score first");
        await Expect(page.Locator(".dara-model-link").First).ToHaveTextAsync("acme/llama-7b-chat");

        // The order went nowhere but the screen: a reload or a shared link listed the newest analyses first again.
        await Expect(page).ToHaveURLAsync(portal.Url($"orgs/{org}/models?sort=score"));
        await page.ReloadAsync();
        await page.WaitUntilLiveAsync();
        await Expect(page.Locator(".dara-model-link").First).ToHaveTextAsync("acme/llama-7b-chat");
        await Expect(page.Locator(".dara-sort-select input")).ToHaveValueAsync("Lowest score first");

        await ChooseSortAsync(page, "Highest score first");
        await Expect(page.Locator(".dara-model-link").First).ToHaveTextAsync("acme/bert-base-uncased");
        await Expect(page).ToHaveURLAsync(portal.Url($"orgs/{org}/models?sort=-score"));

        // With a filter the order stays, and the default order leaves the address as it was.
        await page.Locator(".dara-filter-verdict-ok").ClickAsync();
        await Expect(page).ToHaveURLAsync(portal.Url($"orgs/{org}/models?sort=-score&verdict=ok"));
        await ChooseSortAsync(page, "Newest analysis first");
        await Expect(page).ToHaveURLAsync(portal.Url($"orgs/{org}/models?verdict=ok"));
    }

    [Fact]
    public async Task On_a_phone_the_trend_charts_text_is_as_large_as_on_a_desktop()
    {
        var (user, org) = await OrganizationAsync("trend");
        using (var api = portal.ApiAs(user))
        {
            await api.UploadConfigAsync(org, "acme/bert-base-uncased", BertConfig);
        }

        var phone = await AxisTextHeightsAsync(user, org, PhoneWidth);
        var desktop = await AxisTextHeightsAsync(user, org, 1440);

        // The chart was drawn 650 px wide and shrunk to the phone's 320: its axis text came out about 6 px high.
        Assert.All(phone, height => Assert.True(height >= 11, $"an axis label is {height} px high on a phone"));
        Assert.Equal(desktop.Max(), phone.Max(), 1.0);
    }

    private async Task<double[]> AxisTextHeightsAsync(string user, string org, int width)
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.SignInAsync(portal, user);
        await page.GotoLiveAsync(portal.Url($"orgs/{org}"));

        // Drawn at the size shown, the chart is measured once live and drawn again with a viewBox as wide as it is shown.
        var trend = page.Locator(".dara-trend svg").First;
        await Expect(trend.Locator("text").GetByText("100", new() { Exact = true })).ToBeVisibleAsync();
        try
        {
            await page.WaitForFunctionAsync(
                "() => { const svg = document.querySelector('.dara-trend svg'); const drawn = Number(svg.getAttribute('viewBox').split(' ')[2]); return Math.abs(drawn - svg.getBoundingClientRect().width) < 2; }",
                null,
                new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            var drawn = await trend.GetAttributeAsync("viewBox");
            var shown = await trend.EvaluateAsync<double>("svg => svg.getBoundingClientRect().width");
            Assert.Fail($"at {width} px the trend is drawn as {drawn} and shown {shown} px wide: scaled, its text with it");
        }

        var card = await BoxAsync(page, ".dara-trend");
        var chart = await trend.BoundingBoxAsync() ?? throw new InvalidOperationException("the trend is not shown");
        Assert.True(chart.X + chart.Width <= card.X + card.Width + 1, $"the trend ends at {chart.X + chart.Width} px, its card at {card.X + card.Width} px");
        // The chart may draw once more when the page learns it is on a phone (fewer day labels); its text measures 0 px
        // high while it is being replaced, so the heights are read once every label is laid out.
        const string AxisTextHeights = "() => [...document.querySelectorAll('.dara-trend svg text')].filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect().height)";
        try
        {
            await page.WaitForFunctionAsync($"() => {{ const heights = ({AxisTextHeights})(); return heights.length > 0 && heights.every(h => h > 0); }}", null, new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Left to the caller's assertion, which says which label is how high.
        }

        return await page.EvaluateAsync<double[]>(AxisTextHeights);
    }

    private static async Task ChooseSortAsync(IPage page, string order)
    {
        await page.Locator(".dara-sort-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = order }).ClickAsync();
    }

    private const string RobertaConfig = """{"model_type": "roberta", "architectures": ["RobertaForSequenceClassification"], "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 50265, "max_position_embeddings": 514, "id2label": {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2", "3": "LABEL_3"}}""";

    private async Task<(string User, string Org)> OrganizationAsync(string what)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var user = $"phone-{what}-{suffix}@example.com";
        var org = $"phone-{what}-{suffix}";
        using var api = portal.ApiAs(user);
        await api.CreateOrganizationAsync(org, "Phone Lab");
        return (user, org);
    }

    private Task<IBrowserContext> PhoneAsync() => chromium.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 844 },
        Locale = "en-US",
        TimezoneId = "UTC",
    });

    private static async Task<LocatorBoundingBoxResult> BoxAsync(IPage page, string selector) =>
        await page.Locator(selector).BoundingBoxAsync() ?? throw new InvalidOperationException($"{selector} is not shown");
}
