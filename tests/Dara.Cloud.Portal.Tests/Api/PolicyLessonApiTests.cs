using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>
/// <c>/api/orgs/{org}/policy/lessons</c> and the policy's <c>acceptedFindings</c>: a reviewer's dismissal teaches, an
/// owner accepts, and the organization's models stop being flagged for it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PolicyLessonApiTests(PortalFactory portal)
{
    private const string Owner = "lessons-owner@example.com";
    private const string Reviewer = "lessons-reviewer@example.com";

    [Fact]
    public async Task A_dismissal_is_offered_as_a_lesson_and_accepting_it_clears_the_organizations_models_of_that_finding()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, Reviewer, "reviewer");
        using var owner = portal.As(Owner);
        using var reviewer = portal.As(Reviewer);
        (await owner.UploadAsync(org, "acme/gpt2-sentiment")).Dispose();
        (await owner.UploadAsync(org, "acme/gpt2-news")).Dispose();

        using (var dismissed = await reviewer.PostAsJsonAsync($"/api/orgs/{org}/models/acme/gpt2-sentiment/review", new { action = "dismiss", text = "gpt2 is our product line" }))
        {
            Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        }

        var lessons = await Eventually.ReadAsync(() => reviewer.GetFromJsonAsync<JsonArray>($"/api/orgs/{org}/policy/lessons")!, l => l!.Count > 0);
        var gpt2 = lessons!.Single(l => l!["finding"]!["code"]!.GetValue<string>() == "architecture-mismatch")!;
        Assert.Equal(("gpt2", "gpt2 is our product line", Reviewer), (gpt2["finding"]!["claimed"]!.GetValue<string>(), gpt2["lastReason"]!.GetValue<string>(), gpt2["lastBy"]!.GetValue<string>()));

        var policy = (await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/policy"))!;
        policy["acceptedFindings"] = new JsonArray(new JsonObject { ["code"] = "architecture-mismatch", ["claimed"] = "GPT2" });
        using (var put = await owner.PutAsJsonAsync($"/api/orgs/{org}/policy", policy))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var news = await Eventually.ReadAsync(
            async () => (await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/models?q=gpt2-news"))!["items"]!.AsArray().Single()!,
            item => item!["verdict"]!.GetValue<string>() != "misnamed");

        // A BERT named gpt2-news had only that finding: it is now a costless info.
        Assert.Equal(("ok", 100), (news!["verdict"]!.GetValue<string>(), news["score"]!.GetValue<int>()));
        Assert.DoesNotContain((await owner.GetFromJsonAsync<JsonArray>($"/api/orgs/{org}/policy/lessons"))!, l => l!["finding"]!["code"]!.GetValue<string>() == "architecture-mismatch");
    }

    [Fact]
    public async Task A_policy_put_without_accepted_findings_keeps_them_and_an_unknown_finding_code_is_refused()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        var policy = (await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/policy"))!;
        policy["acceptedFindings"] = new JsonArray(new JsonObject { ["code"] = "uninformative-name", ["claimed"] = null });
        (await owner.PutAsJsonAsync($"/api/orgs/{org}/policy", policy)).Dispose();

        policy.Remove("acceptedFindings");
        policy["lowercase"] = true;
        using var without = await owner.PutAsJsonAsync($"/api/orgs/{org}/policy", policy);
        policy["acceptedFindings"] = new JsonArray(new JsonObject { ["code"] = "looks-odd", ["claimed"] = "x" });
        using var unknown = await owner.PutAsJsonAsync($"/api/orgs/{org}/policy", policy);

        Assert.Equal(HttpStatusCode.OK, without.StatusCode);
        var read = (await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/policy"))!;
        Assert.True(read["lowercase"]!.GetValue<bool>());
        Assert.Equal("uninformative-name", read["acceptedFindings"]!.AsArray().Single()!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await unknown.ReadObjectAsync())["errors"]!["acceptedFindings"]);
    }
}
