using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>
/// <c>GET /api/orgs/{org}/models/{owner}/{name}/review/history</c>: every review step, numbered, a page at a time from
/// the newest back to the first, for every member; bad paging is a 400 that says what to send.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ReviewHistoryApiTests(PortalFactory portal)
{
    private const string Owner = "history-owner@example.com";
    private const string Viewer = "history-viewer@example.com";
    private const string Model = "acme/llama-7b";
    private const int Steps = 130;

    [Fact]
    public async Task A_viewer_pages_back_from_the_newest_steps_to_the_first_and_the_model_shows_the_latest()
    {
        var org = await ModelWithStepsAsync();
        using var viewer = portal.As(Viewer);
        var history = $"/api/orgs/{org}/models/{Model}/review/history";

        var newest = await viewer.GetFromJsonAsync<JsonObject>(history);
        var older = await viewer.GetFromJsonAsync<JsonObject>($"{history}?before={newest!["nextBefore"]}&take=100");
        var first = await viewer.GetFromJsonAsync<JsonObject>($"{history}?before=3");
        var model = await viewer.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models/{Model}");

        Assert.Equal(Enumerable.Range(Steps - 49, 50), Sequences(newest));
        Assert.Equal((Steps, Steps - 49), (newest["total"]!.GetValue<int>(), newest["nextBefore"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(1, Steps - 50), Sequences(older!));
        Assert.Null(older!["nextBefore"]);
        Assert.Equal($"step {Steps - 50}", older["events"]!.AsArray()[^1]!["detail"]!.GetValue<string>());
        Assert.Equal([1, 2], Sequences(first!));
        Assert.Equal((Owner, "comment", "step 1"), Describe(first!["events"]![0]!));

        // The model itself carries its latest steps, numbered, ending at the newest.
        var latest = Sequences(model!["review"]!);
        Assert.Equal(Steps, latest[^1]);
        Assert.Equal(Enumerable.Range(latest[0], latest.Count), latest);
        Assert.True(latest[0] > 1);
    }

    [Theory]
    [InlineData("?before=0", "before", "1 or more")]
    [InlineData("?before=-5", "before", "1 or more")]
    [InlineData("?before=abc", "before", "number of a review step")]
    [InlineData("?take=0", "take", "1-100")]
    [InlineData("?take=101", "take", "1-100")]
    [InlineData("?take=ten", "take", "1-100")]
    [InlineData("?before=99999999999999999999", "before", "number of a review step")]
    public async Task Paging_that_is_not_a_step_number_and_1_to_100_steps_is_refused_with_what_to_send(string query, string field, string says)
    {
        var org = await portal.CreateOrgAsync(Owner, "history");
        using var owner = portal.As(Owner);
        using (var upload = await owner.UploadAsync(org, Model))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        using var response = await owner.GetAsync($"/api/orgs/{org}/models/{Model}/review/history{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(says, (await response.ReadObjectAsync())["errors"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_of_an_unknown_model_is_404_and_of_another_organization_403()
    {
        var org = await portal.CreateOrgAsync(Owner, "history");
        using var owner = portal.As(Owner);
        using var stranger = portal.As("history-stranger@example.com");

        using var missing = await owner.GetAsync($"/api/orgs/{org}/models/acme/nothing-here/review/history");
        using var invalid = await owner.GetAsync($"/api/orgs/{org}/models/acme/bad..name/review/history");
        using var foreign = await stranger.GetAsync($"/api/orgs/{org}/models/{Model}/review/history");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_history_page_and_its_refusals()
    {
        using var client = portal.Anonymous();
        var document = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var history = document!["paths"]!["/api/orgs/{org}/models/{owner}/{name}/review/history"]!["get"]!;
        Assert.Equal(["before", "take"], history["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Where(n => n is "before" or "take").Order());
        Assert.NotNull(history["responses"]!["200"]);
        Assert.NotNull(history["responses"]!["400"]);
        Assert.NotNull(history["responses"]!["404"]);
    }

    private async Task<string> ModelWithStepsAsync()
    {
        var org = await portal.CreateOrgAsync(Owner, "history");
        await portal.AddMemberAsync(org, Owner, Viewer, "viewer");
        using var owner = portal.As(Owner);
        using (var upload = await owner.UploadAsync(org, Model))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        for (var i = 1; i <= Steps; i++)
        {
            using var step = await owner.PostAsJsonAsync($"/api/orgs/{org}/models/{Model}/review", new { action = "comment", text = $"step {i}" });
            Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        }

        return org;
    }

    private static List<int> Sequences(JsonNode page) => [.. page["events"]!.AsArray().Select(e => e!["sequence"]!.GetValue<int>())];

    private static (string, string, string) Describe(JsonNode step) =>
        (step["userId"]!.GetValue<string>(), step["action"]!.GetValue<string>(), step["detail"]!.GetValue<string>());
}
