using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>
/// Optimistic concurrency: GET answers with an ETag; a PUT or POST whose If-Match is stale is 412 and changes nothing;
/// one without If-Match still works as it always did.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ConditionalChangeTests(PortalFactory portal)
{
    private const string Owner = "etag-owner@example.com";
    private const string Reviewer = "etag-reviewer@example.com";

    private static readonly object Lowercase = Policy(lowercase: true, severity: "info");
    private static readonly object Strict = Policy(lowercase: false, severity: "error");

    [Fact]
    public async Task A_policy_put_with_a_stale_if_match_is_412_and_changes_nothing()
    {
        var org = await portal.CreateOrgAsync(Owner, "etag");
        using var first = portal.As(Owner);
        using var second = portal.As(Owner);
        using var loaded = await first.GetAsync($"/api/orgs/{org}/policy");
        var etag = loaded.Headers.ETag!;

        using var saved = await PutAsync(first, org, Lowercase, etag.Tag);
        using var stale = await PutAsync(second, org, Strict, etag.Tag);
        using var now = await first.GetAsync($"/api/orgs/{org}/policy");
        var problem = await stale.ReadObjectAsync();
        var policy = await now.ReadObjectAsync();

        Assert.False(etag.IsWeak);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(etag, saved.Headers.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Equal(412, problem["status"]!.GetValue<int>());
        Assert.Contains("changed by someone else", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(saved.Headers.ETag, stale.Headers.ETag);
        Assert.Equal(saved.Headers.ETag, now.Headers.ETag);
        Assert.Equal((true, "info"), (policy["lowercase"]!.GetValue<bool>(), policy["severity"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_policy_put_without_if_match_or_with_a_star_still_replaces_it()
    {
        var org = await portal.CreateOrgAsync(Owner, "etag");
        using var owner = portal.As(Owner);
        var before = (await owner.GetAsync($"/api/orgs/{org}/policy")).Headers.ETag;

        using var unconditional = await owner.PutAsJsonAsync($"/api/orgs/{org}/policy", Lowercase);
        using var star = await PutAsync(owner, org, Strict, "*");
        using var foreign = await PutAsync(owner, org, Lowercase, "\"not-ours\"");
        var policy = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/policy");

        Assert.Equal(HttpStatusCode.OK, unconditional.StatusCode);
        Assert.Equal(HttpStatusCode.OK, star.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, foreign.StatusCode);
        Assert.NotEqual(before, unconditional.Headers.ETag);
        Assert.NotEqual(unconditional.Headers.ETag, star.Headers.ETag);
        Assert.Equal("error", policy!["severity"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_review_post_with_a_stale_if_match_is_412_and_keeps_the_first_reviewer_s_decision()
    {
        var org = await portal.CreateOrgAsync(Owner, "etag");
        await portal.AddMemberAsync(org, Owner, Reviewer, "reviewer");
        using var a = portal.As(Owner);
        using var b = portal.As(Reviewer);
        using (var upload = await a.UploadAsync(org, "acme/llama-7b"))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var model = $"/api/orgs/{org}/models/acme/llama-7b";
        using var seenByA = await a.GetAsync(model);
        using var seenByB = await b.GetAsync(model);
        using var accept = await ReviewAsync(a, model, new { action = "accept" }, seenByA.Headers.ETag!.Tag);
        using var dismiss = await ReviewAsync(b, model, new { action = "dismiss", text = "false positive" }, seenByB.Headers.ETag!.Tag);
        using var after = await a.GetAsync(model);
        var review = (await after.ReadObjectAsync())["review"]!;

        Assert.Equal(seenByA.Headers.ETag, seenByB.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, dismiss.StatusCode);
        Assert.Contains("review", (await dismiss.ReadObjectAsync())["title"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(accept.Headers.ETag, after.Headers.ETag);
        Assert.Equal("accepted", review["status"]!.GetValue<string>());
        Assert.DoesNotContain(review["events"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "dismiss");

        using var unconditional = await b.PostAsJsonAsync($"{model}/review", new { action = "comment", text = "seen" });
        Assert.Equal(HttpStatusCode.OK, unconditional.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_says_which_changes_take_if_match_and_that_it_is_optional()
    {
        using var client = portal.Anonymous();
        var document = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        foreach (var (path, method) in new[] { ("/api/orgs/{org}/policy", "put"), ("/api/orgs/{org}/models/{owner}/{name}/review", "post") })
        {
            var operation = document!["paths"]![path]![method]!;
            Assert.Contains("If-Match", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("Without If-Match", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotNull(operation["responses"]!["412"]);
        }
    }

    private static object Policy(bool lowercase, string severity) => new
    {
        requireArchitecture = true,
        requireTaskForFineTuned = true,
        requireSize = false,
        order = new[] { "A", "T" },
        separator = "-",
        lowercase,
        maxLength = 96,
        forbiddenWords = Array.Empty<string>(),
        severity,
    };

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string org, object policy, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/orgs/{org}/policy") { Content = JsonContent.Create(policy) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> ReviewAsync(HttpClient client, string model, object step, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{model}/review") { Content = JsonContent.Create(step) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
