using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary><c>/api/orgs/{org}/reanalyze</c>: every model analysed again by a background job the caller polls.</summary>
[Collection(PortalCollection.Name)]
public sealed class ReanalysisApiTests(PortalFactory portal)
{
    private const string Owner = "reanalysis-owner@example.com";

    [Fact]
    public async Task Starting_answers_202_at_once_with_the_jobs_address_and_the_job_ends_having_analysed_every_model()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);
        await UploadAsync(client, org, "acme/bert-a");
        await UploadAsync(client, org, "acme/bert-b");

        using var start = await client.PostAsync($"/api/orgs/{org}/reanalyze?force=true", null);
        var started = await start.ReadObjectAsync();
        var ended = await WaitUntilEndedAsync(client, start.Headers.Location!.OriginalString);
        var latest = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/reanalyze");
        var model = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models/acme/bert-a");

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal($"/api/orgs/{org}/reanalyze/1", start.Headers.Location.OriginalString);
        Assert.Equal("running", started["status"]!.GetValue<string>());
        Assert.Equal(Owner, started["startedBy"]!.GetValue<string>());
        Assert.True(started["force"]!.GetValue<bool>());
        Assert.Equal("finished", ended["status"]!.GetValue<string>());
        Assert.NotNull(ended["finishedAt"]);
        Assert.Equal((2, 2, 0, 0, 0), Counts(ended));
        Assert.Equal(ended.ToJsonString(), latest!.ToJsonString());
        Assert.Single(model!["history"]!.AsArray());
    }

    [Fact]
    public async Task Starting_again_while_a_job_runs_answers_with_that_job_whose_state_is_readable_meanwhile()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, "second-reviewer@example.com", "reviewer");
        using var client = portal.As(Owner);
        await portal.RegisterSlowHubModelAsync(client, org);

        using var first = await client.PostAsync($"/api/orgs/{org}/reanalyze", null);
        using var second = await portal.As("second-reviewer@example.com").PostAsync($"/api/orgs/{org}/reanalyze?force=false", null);
        var during = await client.GetFromJsonAsync<JsonObject>(first.Headers.Location);
        var ended = await WaitUntilEndedAsync(client, first.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var again = await second.ReadObjectAsync();
        Assert.Equal((await first.ReadObjectAsync())["id"]!.GetValue<long>(), again["id"]!.GetValue<long>());
        Assert.Equal(Owner, again["startedBy"]!.GetValue<string>());
        Assert.True(again["force"]!.GetValue<bool>());
        Assert.Equal("running", during!["status"]!.GetValue<string>());
        Assert.Null(during["finishedAt"]);
        Assert.Equal((1, 1, 0, 0, 0), Counts(ended));
    }

    [Fact]
    public async Task Viewers_read_jobs_but_only_reviewers_and_owners_start_them()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, "job-viewer@example.com", "viewer");
        await portal.AddMemberAsync(org, Owner, "job-reviewer@example.com", "reviewer");
        using var viewer = portal.As("job-viewer@example.com");
        var viewerKey = await portal.CreateKeyAsync(org, Owner, "viewer");
        await UploadAsync(portal.As(Owner), org, "acme/bert-a");

        using var refused = await viewer.PostAsync($"/api/orgs/{org}/reanalyze", null);
        using var refusedKey = await portal.WithKey(viewerKey).PostAsync($"/api/orgs/{org}/reanalyze", null);
        using var nothingYet = await viewer.GetAsync($"/api/orgs/{org}/reanalyze");
        using var started = await portal.As("job-reviewer@example.com").PostAsync($"/api/orgs/{org}/reanalyze", null);
        var read = await WaitUntilEndedAsync(viewer, started.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nothingYet.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("job-reviewer@example.com", read["startedBy"]!.GetValue<string>());
        Assert.Equal(1, read["done"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_model_the_hub_cannot_serve_is_counted_unavailable_and_the_job_goes_on_to_the_others()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);
        var unreachable = await portal.RegisterHubModelAsync(client, org);
        await UploadAsync(client, org, "acme/bert-a");
        await UploadAsync(client, org, "zeta/bert-z");
        portal.Hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: FaultInjector.Always, pathContains: unreachable);

        using var start = await client.PostAsync($"/api/orgs/{org}/reanalyze", null);
        var ended = await WaitUntilEndedAsync(client, start.Headers.Location!.OriginalString);
        var kept = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models/{unreachable}");
        var analysed = await client.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models/zeta/bert-z");

        Assert.Equal("finished", ended["status"]!.GetValue<string>());
        Assert.Equal((3, 3, 0, 1, 0), Counts(ended));
        Assert.Empty(kept!["history"]!.AsArray());
        Assert.Single(analysed!["history"]!.AsArray());
    }

    [Fact]
    public async Task Only_the_running_or_last_job_is_kept_so_other_ids_are_404()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var client = portal.As(Owner);
        await UploadAsync(client, org, "acme/bert-a");

        using var first = await client.PostAsync($"/api/orgs/{org}/reanalyze", null);
        await WaitUntilEndedAsync(client, first.Headers.Location!.OriginalString);
        using var second = await client.PostAsync($"/api/orgs/{org}/reanalyze", null);
        await WaitUntilEndedAsync(client, second.Headers.Location!.OriginalString);
        using var replaced = await client.GetAsync(first.Headers.Location);
        using var unknown = await client.GetAsync($"/api/orgs/{org}/reanalyze/99");

        Assert.Equal($"/api/orgs/{org}/reanalyze/2", second.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_reviewer_cancels_a_running_job_which_then_reads_cancelled_by_them_and_a_new_job_can_start()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, "cancelling-reviewer@example.com", "reviewer");
        using var client = portal.As(Owner);
        await portal.RegisterSlowHubModelAsync(client, org);
        await UploadAsync(client, org, "zeta/bert-z");

        using var start = await client.PostAsync($"/api/orgs/{org}/reanalyze", null);
        var location = start.Headers.Location!.OriginalString;
        using var cancel = await portal.As("cancelling-reviewer@example.com").PostAsync($"{location}/cancel", null);
        var cancelled = await cancel.ReadObjectAsync();
        var read = await client.GetFromJsonAsync<JsonObject>(location);
        using var next = await client.PostAsync($"/api/orgs/{org}/reanalyze", null);
        var ended = await WaitUntilEndedAsync(client, next.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Equal("cancelling-reviewer@example.com", cancelled["cancelledBy"]!.GetValue<string>());
        Assert.Equal(Owner, cancelled["startedBy"]!.GetValue<string>());
        Assert.NotNull(cancelled["finishedAt"]);
        Assert.True(cancelled["done"]!.GetValue<int>() < 2);
        Assert.Equal(cancelled.ToJsonString(), read!.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        Assert.Equal($"/api/orgs/{org}/reanalyze/2", next.Headers.Location.OriginalString);
        Assert.Equal(("finished", 2), (ended["status"]!.GetValue<string>(), ended["done"]!.GetValue<int>()));
        Assert.Null(ended["cancelledBy"]);
    }

    [Fact]
    public async Task Only_reviewers_and_owners_cancel_and_a_job_that_ended_or_does_not_exist_is_a_problem()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, "cancel-viewer@example.com", "viewer");
        var viewerKey = await portal.CreateKeyAsync(org, Owner, "viewer");
        using var client = portal.As(Owner);
        await portal.RegisterSlowHubModelAsync(client, org);

        using var start = await client.PostAsync($"/api/orgs/{org}/reanalyze", null);
        var location = start.Headers.Location!.OriginalString;
        using var byViewer = await portal.As("cancel-viewer@example.com").PostAsync($"{location}/cancel", null);
        using var byViewerKey = await portal.WithKey(viewerKey).PostAsync($"{location}/cancel", null);
        using var unknown = await client.PostAsync($"/api/orgs/{org}/reanalyze/99/cancel", null);
        using var notANumber = await client.PostAsync($"/api/orgs/{org}/reanalyze/first/cancel", null);
        var finished = await WaitUntilEndedAsync(client, location);
        using var tooLate = await client.PostAsync($"{location}/cancel", null);

        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewerKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, notANumber.StatusCode);
        Assert.Equal("finished", finished["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);
        var problem = await tooLate.ReadObjectAsync();
        Assert.Contains("already ended", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("finished", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(finished.ToJsonString(), (await client.GetFromJsonAsync<JsonObject>(location))!.ToJsonString());
    }

    [Fact]
    public async Task The_openapi_document_says_starting_answers_202_with_the_jobs_location_and_how_to_read_it()
    {
        using var client = portal.Anonymous();
        var document = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var start = document!["paths"]!["/api/orgs/{org}/reanalyze"]!["post"]!;
        Assert.NotNull(start["responses"]!["202"]!["headers"]!["Location"]);
        Assert.Contains("202", start["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(document["paths"]!["/api/orgs/{org}/reanalyze"]!["get"]!["responses"]!["200"]);
        Assert.NotNull(document["paths"]!["/api/orgs/{org}/reanalyze/{id}"]!["get"]!["responses"]!["404"]);
        var cancel = document["paths"]!["/api/orgs/{org}/reanalyze/{id}/cancel"]!["post"]!["responses"]!;
        Assert.NotNull(cancel["200"]);
        Assert.NotNull(cancel["404"]);
        Assert.NotNull(cancel["409"]);
    }

    private static (int Models, int Done, int Changed, int Unavailable, int Failed) Counts(JsonObject job) => (
        job["models"]!.GetValue<int>(), job["done"]!.GetValue<int>(), job["changed"]!.GetValue<int>(),
        job["unavailable"]!.GetValue<int>(), job["failed"]!.GetValue<int>());

    private static async Task UploadAsync(HttpClient client, string org, string name)
    {
        using var response = await client.UploadAsync(org, name);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<JsonObject> WaitUntilEndedAsync(HttpClient client, string location)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JsonObject>(location, timeout.Token))!;
            if (job["status"]!.GetValue<string>() != "running")
            {
                return job;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
