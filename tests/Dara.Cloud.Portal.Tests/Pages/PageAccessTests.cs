using System.Net;
using System.Text.RegularExpressions;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Pages;

/// <summary>The pages' doors, over plain HTTP against the real app: who is let in, who is sent to sign in, who is refused.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class PageAccessTests(PortalFactory portal)
{
    [Fact]
    public async Task A_member_sees_the_organization_a_non_member_gets_403_and_an_unknown_organization_404()
    {
        var org = await portal.CreateOrgAsync("owner@pages.example", "pages");
        using var owner = portal.As("owner@pages.example");
        using var stranger = portal.As("stranger@pages.example");

        using var mine = await owner.GetAsync($"/orgs/{org}");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains($"Org {org}", await mine.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var path in new[] { $"/orgs/{org}", $"/orgs/{org}/models", $"/orgs/{org}/settings", $"/orgs/{org}/check", $"/orgs/{org}/models/acme/bert" })
        {
            using var refused = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("dara-forbidden", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"Org {org}", html, StringComparison.Ordinal);
        }

        using var unknown = await owner.GetAsync($"/orgs/{portal.NewOrgId("nowhere")}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("dara-not-found", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_the_organization_does_not_have_is_404()
    {
        var org = await portal.CreateOrgAsync("owner@models.example", "models");
        using var owner = portal.As("owner@models.example");

        using var response = await owner.GetAsync($"/orgs/{org}/models/acme/never-uploaded");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        // A link to a deleted model said only "This page does not exist".
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("No such model", html, StringComparison.Ordinal);
        Assert.Contains($"Org {org} has no model acme/never-uploaded", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/orgs/{org}/models\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_organization_says_so_by_its_id_and_a_model_of_it_too()
    {
        var missing = portal.NewOrgId("gone");
        using var user = portal.As("visitor@pages.example");

        using var organization = await user.GetAsync($"/orgs/{missing}");
        using var model = await user.GetAsync($"/orgs/{missing}/models/acme/bert");

        Assert.All([organization, model], response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        foreach (var html in new[] { await organization.Content.ReadAsStringAsync(), await model.Content.ReadAsStringAsync() })
        {
            Assert.Contains("No such organization", html, StringComparison.Ordinal);
            Assert.Contains($"There is no organization “{missing}”", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_browser_at_an_address_no_page_has_gets_the_portals_not_found_page_while_api_clients_keep_problem_details()
    {
        using var user = portal.As("wanderer@pages.example");

        using var page = await GetAsync(user, "/no/such/page", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var api = await GetAsync(user, "/api/no/such/endpoint", "*/*");
        using var script = await GetAsync(user, "/no/such/page", "application/json");

        // It used to be a bare JSON problem document in the browser's window, without the portal around it.
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("dara-not-found", html, StringComparison.Ordinal);
        Assert.Contains("This page does not exist", html, StringComparison.Ordinal);
        Assert.Contains("<title>Not found · Dara.Cloud</title>", html, StringComparison.Ordinal);
        Assert.All([api, script], response =>
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        });
    }

    [Fact]
    public async Task Pages_send_anonymous_visitors_to_sign_in_while_the_api_answers_401()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var anonymous = new HttpClient(handler) { BaseAddress = portal.Address };

        using var page = await anonymous.GetAsync("/orgs/acme/models");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin", page.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Forgs%2Facme%2Fmodels", page.Headers.Location.Query, StringComparison.Ordinal);

        using var api = await anonymous.GetAsync("/api/orgs");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task The_development_sign_in_page_sets_a_session_cookie_that_signs_the_pages_in()
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = portal.Address };

        var form = await browser.GetStringAsync("/signin?ReturnUrl=%2Fsomewhere");
        Assert.Contains("dara-sign-in-email", form, StringComparison.Ordinal);
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        Assert.NotEmpty(token);

        using var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "sign-in",
            ["Input.Email"] = "Dev.User@Example.com",
            ["Input.ReturnUrl"] = "/somewhere",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/somewhere", signIn.Headers.Location!.OriginalString.Replace(portal.Address.ToString().TrimEnd('/'), string.Empty, StringComparison.Ordinal));
        Assert.Contains(cookies.GetCookies(portal.Address), cookie => cookie.Name == "dara.session" && cookie.HttpOnly);

        using var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("dev.user@example.com", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Picking_a_configured_local_user_signs_in_as_that_user()
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = portal.Address };
        var form = await browser.GetStringAsync("/signin");
        Assert.Contains("alice@example.com", form, StringComparison.Ordinal);

        using var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["_handler"] = "pick-alice@example.com",
            ["Input.Email"] = "alice@example.com",
        }));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("alice@example.com", await browser.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_never_redirects_to_another_site()
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = portal.Address };
        var token = AntiforgeryToken().Match(await browser.GetStringAsync("/signin")).Groups[1].Value;

        using var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "sign-in",
            ["Input.Email"] = "dev@example.com",
            ["Input.ReturnUrl"] = "//evil.example/steal",
        }));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(signIn.Headers.Location!.IsAbsoluteUri ? signIn.Headers.Location.Host == portal.Address.Host : !signIn.Headers.Location.OriginalString.StartsWith("//", StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await client.SendAsync(request);
    }
}
