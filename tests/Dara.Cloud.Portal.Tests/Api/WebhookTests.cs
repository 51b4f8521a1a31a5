using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dara.Cloud.Portal.Tests.Support;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary>Hub webhook deliveries: accepted with the organization's secret only, answered at once, handled after.</summary>
[Collection(PortalCollection.Name)]
public sealed class WebhookTests(PortalFactory portal)
{
    private const string Owner = "hooks-owner@example.com";

    [Fact]
    public async Task A_delivery_with_the_secret_registers_the_watched_authors_model()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var (author, secret) = await WatchWithWebhookAsync(org);
        var hubModel = portal.Hub.AddModel($"{author}/bert-base-uncased", new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(ApiCalls.BertConfig) });
        using var owner = portal.As(Owner);

        using var delivery = await Deliver(org, secret, Payload($"{author}/bert-base-uncased", hubModel.Sha));

        Assert.Equal(HttpStatusCode.Accepted, delivery.StatusCode);
        var model = await EventuallyAsync(async () =>
        {
            using var response = await owner.GetAsync($"/api/orgs/{org}/models/{author}/bert-base-uncased");
            return response.StatusCode == HttpStatusCode.OK ? await response.ReadObjectAsync() : null;
        });
        Assert.Equal("hub", model["origin"]!["kind"]!.GetValue<string>());
        Assert.Equal("ok", model["verdict"]!["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_delivery_for_a_new_model_of_a_full_organization_registers_nothing_and_the_watchers_status_says_why()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddIndexedModelsAsync(org, PortalFactory.MaxModels);
        var (author, secret) = await WatchWithWebhookAsync(org);
        var hubModel = portal.Hub.AddModel($"{author}/gpt2-new", new Dictionary<string, byte[]> { ["config.json"] = Encoding.UTF8.GetBytes(ApiCalls.LlamaConfig) });
        using var owner = portal.As(Owner);

        using var delivery = await Deliver(org, secret, Payload($"{author}/gpt2-new", hubModel.Sha));

        Assert.Equal(HttpStatusCode.Accepted, delivery.StatusCode);
        var status = await EventuallyAsync(async () =>
        {
            var read = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/watched-authors/status");
            return read?["modelLimitReached"] is not null ? read : null;
        });
        Assert.Contains($"limit of {PortalFactory.MaxModels} models", status["modelLimitReached"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/orgs/{org}/models/{author}/gpt2-new")).StatusCode);
    }

    [Fact]
    public async Task A_delivery_without_the_right_secret_is_refused_alike_for_known_and_unknown_organizations()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var secret = (await (await portal.As(Owner).PostAsync($"/api/orgs/{org}/webhook-secret", null)).ReadObjectAsync())["secret"]!.GetValue<string>();
        var payload = Payload("someone/model", null);

        using var wrong = await Deliver(org, secret + "x", payload);
        using var none = await Deliver(org, null, payload);
        using var unknown = await Deliver(portal.NewOrgId(), secret, payload);
        using var malformed = await Deliver(org, secret, "{\"event\": 1}");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync().ContinueWith(t => JsonNode.Parse(t.Result)!["title"]!.GetValue<string>()),
            JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task A_payload_over_the_limit_is_too_large_whether_its_length_is_declared_or_chunked()
    {
        var org = await portal.CreateOrgAsync(Owner);
        var secret = (await (await portal.As(Owner).PostAsync($"/api/orgs/{org}/webhook-secret", null)).ReadObjectAsync())["secret"]!.GetValue<string>();
        var large = "{\"pad\": \"" + new string('x', 300 * 1024) + "\"}";

        using var declared = await Deliver(org, secret, large);
        using var chunkedRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/hooks/huggingface/{org}")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(large))),
        };
        chunkedRequest.Headers.Add("X-Webhook-Secret", secret);
        chunkedRequest.Headers.TransferEncodingChunked = true;
        using var chunked = await portal.Anonymous().SendAsync(chunkedRequest);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
    }

    /// <summary>Has <paramref name="org"/> watch a new Hub author and create its webhook secret; returns both.</summary>
    private async Task<(string Author, string Secret)> WatchWithWebhookAsync(string org)
    {
        var author = $"author-{Guid.NewGuid():N}"[..20];
        using var owner = portal.As(Owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/orgs/{org}/watched-authors", new[] { author })).StatusCode);
        using var created = await owner.PostAsync($"/api/orgs/{org}/webhook-secret", null);
        return (author, (await created.ReadObjectAsync())["secret"]!.GetValue<string>());
    }

    [Fact]
    public async Task Members_read_whether_a_secret_is_set_by_whom_and_where_the_hub_delivers_but_never_the_secret()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, "hooks-viewer@example.com", "viewer");
        using var owner = portal.As(Owner);
        using var viewer = portal.As("hooks-viewer@example.com");

        var before = await viewer.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/webhook-secret");
        using var create = await owner.PostAsync($"/api/orgs/{org}/webhook-secret", null);
        var created = await create.ReadObjectAsync();
        var secret = created["secret"]!.GetValue<string>();
        using var after = await viewer.GetAsync($"/api/orgs/{org}/webhook-secret");
        var afterText = await after.Content.ReadAsStringAsync();
        var status = JsonNode.Parse(afterText)!.AsObject();

        Assert.False(before!["set"]!.GetValue<bool>());
        Assert.Null(before["createdBy"]);
        Assert.Equal($"/api/hooks/huggingface/{org}", before["url"]!.GetValue<string>());
        Assert.Equal((Owner, $"/api/hooks/huggingface/{org}"), (created["createdBy"]!.GetValue<string>(), created["url"]!.GetValue<string>()));
        Assert.True(status["set"]!.GetValue<bool>());
        Assert.Equal(Owner, status["createdBy"]!.GetValue<string>());
        Assert.Equal(created["createdAt"]!.GetValue<DateTimeOffset>(), status["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.DoesNotContain(secret, afterText, StringComparison.Ordinal);
        Assert.Null(status["secret"]);
    }

    [Fact]
    public async Task Rotating_the_secret_refuses_the_old_one_and_removing_it_refuses_every_delivery_until_a_new_one()
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        var payload = Payload("someone/model", null);
        var first = await MakeSecretAsync(owner, org);
        var second = await MakeSecretAsync(owner, org);

        using var withOld = await Deliver(org, first, payload);
        using var withNew = await Deliver(org, second, payload);
        using var remove = await owner.DeleteAsync($"/api/orgs/{org}/webhook-secret");
        using var afterRemoval = await Deliver(org, second, payload);
        using var removeAgain = await owner.DeleteAsync($"/api/orgs/{org}/webhook-secret");
        var status = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/webhook-secret");
        var third = await MakeSecretAsync(owner, org);
        using var withThird = await Deliver(org, third, payload);

        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRemoval.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removeAgain.StatusCode);
        Assert.False(status!["set"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Accepted, withThird.StatusCode);
    }

    private static async Task<string> MakeSecretAsync(HttpClient owner, string org)
    {
        using var response = await owner.PostAsync($"/api/orgs/{org}/webhook-secret", null);
        return (await response.ReadObjectAsync())["secret"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> Deliver(string org, string? secret, string payload)
    {
        var client = portal.Anonymous();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/hooks/huggingface/{org}") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Webhook-Secret", secret);
        }

        return client.SendAsync(request);
    }

    private static string Payload(string repo, string? sha) => new JsonObject
    {
        ["event"] = new JsonObject { ["action"] = "update", ["scope"] = "repo.content" },
        ["repo"] = new JsonObject { ["type"] = "model", ["name"] = repo, ["id"] = "abc", ["headSha"] = sha },
    }.ToJsonString();

    private static async Task<JsonObject> EventuallyAsync(Func<Task<JsonObject?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The webhook's outcome was not seen within 30 seconds.");
    }
}
