using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Grains.Alerts;
using Dara.Cloud.Portal.Tests.Support;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Portal.Tests.Api;

/// <summary><c>/api/orgs/{org}/alerts</c>: owners point alerts at a receiver; a misnamed upload reaches it signed.</summary>
[Collection(PortalCollection.Name)]
public sealed class AlertApiTests(PortalFactory portal)
{
    private const string Owner = "alerts-owner@example.com";
    private const string Reviewer = "alerts-reviewer@example.com";

    [Fact]
    public async Task A_misnamed_upload_reaches_the_target_an_owner_set_signed_with_the_secret_shown_once()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var set = await owner.PutAsJsonAsync($"/api/orgs/{org}/alerts", new { url = receiver.Url });
        var created = await set.ReadObjectAsync();
        using var upload = await owner.UploadAsync(org, "acme/gpt2-sentiment");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var received = await receiver.NextAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(AlertSender.Sign(created["secret"]!.GetValue<string>(), received.Body), received.Header(AlertSender.SignatureHeader));
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(("acme/gpt2-sentiment", "misnamed"), (body.RootElement.GetProperty("model").GetString(), body.RootElement.GetProperty("verdict").GetString()));

        var status = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/alerts");
        Assert.Equal(receiver.Url, status!["target"]!["url"]!.GetValue<string>());
        Assert.Equal("misnamed", status["target"]!["minimumVerdict"]!.GetValue<string>());
        Assert.DoesNotContain(created["secret"]!.GetValue<string>(), status.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alert_the_receiver_has_not_answered_yet_is_counted_as_waiting_until_it_is_delivered()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.Hold();
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);
        using var set = await owner.PutAsJsonAsync($"/api/orgs/{org}/alerts", new { url = receiver.Url });
        using var upload = await owner.UploadAsync(org, "acme/gpt2-sentiment");
        await receiver.NextAsync(TimeSpan.FromSeconds(20));

        var waiting = await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/alerts");
        receiver.Release();
        var delivered = await Eventually.ReadAsync(() => owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/alerts")!, s => s!["deliveries"]!.AsArray().Count > 0);

        Assert.Equal((1, 0), (waiting!["waiting"]!.GetValue<int>(), waiting["deliveries"]!.AsArray().Count));
        Assert.Equal(0, delivered!["waiting"]!.GetValue<int>());
        Assert.True(delivered["deliveries"]![0]!["delivered"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Members_read_the_target_but_only_owners_set_test_or_remove_it()
    {
        var org = await portal.CreateOrgAsync(Owner);
        await portal.AddMemberAsync(org, Owner, Reviewer, "reviewer");
        using var reviewer = portal.As(Reviewer);

        using var read = await reviewer.GetAsync($"/api/orgs/{org}/alerts");
        using var set = await reviewer.PutAsJsonAsync($"/api/orgs/{org}/alerts", new { url = "https://example.com/hook" });
        using var test = await reviewer.PostAsync($"/api/orgs/{org}/alerts/test", null);
        using var remove = await reviewer.DeleteAsync($"/api/orgs/{org}/alerts");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { set.StatusCode, test.StatusCode, remove.StatusCode });
    }

    [Theory]
    [InlineData("{\"url\":\"not an address\"}", "url")]
    [InlineData("{\"url\":\"file:///etc/passwd\"}", "url")]
    [InlineData("{}", "url")]
    [InlineData("{\"url\":\"https://example.com/hook\",\"minimumVerdict\":\"ok\"}", "minimumVerdict")]
    public async Task A_target_that_is_no_http_address_or_no_threshold_is_a_validation_problem(string json, string field)
    {
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var response = await owner.PutAsync($"/api/orgs/{org}/alerts", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]![field]);
    }

    [Fact]
    public async Task A_test_delivery_answers_how_it_went_and_without_a_target_there_is_nothing_to_test_or_remove()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var org = await portal.CreateOrgAsync(Owner);
        using var owner = portal.As(Owner);

        using var untested = await owner.PostAsync($"/api/orgs/{org}/alerts/test", null);
        using var unremoved = await owner.DeleteAsync($"/api/orgs/{org}/alerts");
        (await owner.PutAsJsonAsync($"/api/orgs/{org}/alerts", new { url = receiver.Url, minimumVerdict = "suspicious" })).Dispose();
        receiver.AnswerNext(HttpStatusCode.Gone);
        using var tested = await owner.PostAsync($"/api/orgs/{org}/alerts/test", null);
        using var removed = await owner.DeleteAsync($"/api/orgs/{org}/alerts");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (untested.StatusCode, unremoved.StatusCode));
        var delivery = await tested.ReadObjectAsync();
        Assert.Equal(("ping", false, 410), (delivery["event"]!.GetValue<string>(), delivery["delivered"]!.GetValue<bool>(), delivery["status"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Null((await owner.GetFromJsonAsync<JsonObject>($"/api/orgs/{org}/alerts"))!["target"]);
    }
}
