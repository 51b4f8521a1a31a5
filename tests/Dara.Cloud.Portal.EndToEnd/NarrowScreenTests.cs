using System.Net;
using System.Net.Http.Headers;
using System.Text;
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

        using (var form = new MultipartFormDataContent { { new StringContent(longName), "name" } })
        {
            var config = new ByteArrayContent(Encoding.UTF8.GetBytes(BertConfig));
            config.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(config, "files", "config.json");
            using var uploaded = await api.PostAsync($"api/orgs/{org}/models", form);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

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

    private Task<IBrowserContext> PhoneAsync() => chromium.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 844 },
        Locale = "en-US",
        TimezoneId = "UTC",
    });

    private static async Task<LocatorBoundingBoxResult> BoxAsync(IPage page, string selector) =>
        await page.Locator(selector).BoundingBoxAsync() ?? throw new InvalidOperationException($"{selector} is not shown");
}
