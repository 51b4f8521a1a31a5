using System.Net;
using System.Text.Json;
using Dara.Cloud.Grains.Alerts;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Grains.Tests;

/// <summary>Alerts: a model that looks misnamed reaches the organization's receiver as a signed POST.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_misnamed_upload_is_posted_to_the_receiver_signed_with_the_organizations_secret()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (tenant, alerts) = await NewOrganizationAsync();
        var created = await alerts.SetTargetAsync(receiver.Url, "misnamed", "ada@example.com");

        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        var received = await receiver.NextAsync(Wait);
        Assert.Equal(AlertSender.Sign(created.Secret, received.Body), received.Header(AlertSender.SignatureHeader));
        Assert.Equal("model.flagged", received.Header(AlertSender.EventHeader));
        using var json = JsonDocument.Parse(received.Body);
        var body = json.RootElement;
        Assert.Equal(("model.flagged", tenant.Value, "acme/llama-7b-chat", "misnamed"),
            (body.GetProperty("event").GetString(), body.GetProperty("organization").GetString(), body.GetProperty("model").GetString(), body.GetProperty("verdict").GetString()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("previousVerdict").ValueKind);
        Assert.Contains("architecture-mismatch", body.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(received.Header(AlertSender.DeliveryHeader), body.GetProperty("delivery").GetString());

        var status = await Eventually.ReadAsync(alerts.GetStatusAsync, s => s.Recent.Count >= 1);
        var delivery = Assert.Single(status.Recent);
        Assert.Equal((true, 200, 1, "acme/llama-7b-chat"), (delivery.Delivered, delivery.Status, delivery.Attempts, delivery.Model));
    }

    [Fact]
    public async Task A_model_whose_name_is_right_or_below_the_threshold_raises_no_alert()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (tenant, alerts) = await NewOrganizationAsync();
        await alerts.SetTargetAsync(receiver.Url, "misnamed", "ada@example.com");

        await fixture.Model(tenant, "acme/distilbert-tiny").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));
        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        // The misnamed one arrives; nothing came before it for the model that is named right.
        var received = await receiver.NextAsync(Wait);
        using var json = JsonDocument.Parse(received.Body);
        Assert.Equal("acme/llama-7b-chat", json.RootElement.GetProperty("model").GetString());
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Without_a_target_nothing_is_sent_and_a_test_says_so()
    {
        var (tenant, alerts) = await NewOrganizationAsync();

        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        Assert.Null(await alerts.SendTestAsync("ada@example.com"));
        var status = await alerts.GetStatusAsync();
        Assert.Null(status.Target);
        Assert.Empty(status.Recent);
    }

    [Fact]
    public async Task An_alert_answered_503_is_tried_again_while_a_test_answered_so_or_404_is_tried_once()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (tenant, alerts) = await NewOrganizationAsync();
        await alerts.SetTargetAsync(receiver.Url, "suspicious", "ada@example.com");

        receiver.AnswerNext(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable);
        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));
        var retried = Assert.Single((await Eventually.ReadAsync(alerts.GetStatusAsync, s => s.Recent.Count >= 1)).Recent);
        receiver.AnswerNext(HttpStatusCode.ServiceUnavailable);
        var unavailable = await alerts.SendTestAsync("ada@example.com");
        receiver.AnswerNext(HttpStatusCode.NotFound);
        var refused = await alerts.SendTestAsync("ada@example.com");

        Assert.Equal((true, 200, 3), (retried.Delivered, retried.Status, retried.Attempts));
        Assert.Equal((false, 503, 1), (unavailable!.Delivered, unavailable.Status, unavailable.Attempts));
        Assert.Equal((false, 404, 1), (refused!.Delivered, refused.Status, refused.Attempts));
        Assert.Contains("404", refused.Error, StringComparison.Ordinal);
        Assert.Equal([refused.Id, unavailable.Id, retried.Id], (await alerts.GetStatusAsync()).Recent.Select(d => d.Id));
        Assert.Equal(5, receiver.Received.Count);
    }

    [Fact]
    public async Task A_receiver_that_cannot_be_reached_is_recorded_with_the_reason()
    {
        var (_, alerts) = await NewOrganizationAsync();
        await using (var gone = await AlertReceiver.StartAsync())
        {
            await alerts.SetTargetAsync(gone.Url, "misnamed", "ada@example.com");
        }

        var delivery = await alerts.SendTestAsync("ada@example.com");

        Assert.False(delivery!.Delivered);
        Assert.Null(delivery.Status);
        Assert.StartsWith("could not reach 127.0.0.1:", delivery.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/hook", "misnamed", "not an address alerts can be sent to")]
    [InlineData("/hooks/dara", "misnamed", "not an address alerts can be sent to")]
    [InlineData("https://user:pw@example.com/hook", "misnamed", "without a user name or password")]
    [InlineData("https://example.com/hook", "ok", "not a verdict alerts can start at")]
    public async Task A_target_that_is_no_http_address_or_no_threshold_is_refused(string url, string verdict, string message)
    {
        var (_, alerts) = await NewOrganizationAsync();

        var refused = await Assert.ThrowsAsync<AlertTargetException>(() => alerts.SetTargetAsync(url, verdict, "ada@example.com"));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.Null((await alerts.GetStatusAsync()).Target);
    }

    [Fact]
    public async Task Setting_the_target_again_makes_a_new_secret_and_removing_it_forgets_everything()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (_, alerts) = await NewOrganizationAsync();
        var first = await alerts.SetTargetAsync(receiver.Url, "misnamed", "ada@example.com");
        var second = await alerts.SetTargetAsync(receiver.Url, "suspicious", "bob@example.com");
        await alerts.SendTestAsync("bob@example.com");

        var ping = await receiver.NextAsync(Wait);
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.Equal(AlertSender.Sign(second.Secret, ping.Body), ping.Header(AlertSender.SignatureHeader));
        Assert.Equal(("suspicious", "bob@example.com"), ((await alerts.GetStatusAsync()).Target!.MinimumVerdict, (await alerts.GetStatusAsync()).Target!.UpdatedBy));

        // Kept across activations.
        await fixture.DeactivateAsync(alerts);
        Assert.Single((await alerts.GetStatusAsync()).Recent);

        Assert.True(await alerts.RemoveTargetAsync());
        Assert.False(await alerts.RemoveTargetAsync());
        Assert.Equal((null, 0), ((await alerts.GetStatusAsync()).Target, (await alerts.GetStatusAsync()).Recent.Count));
    }

    /// <summary>A new organization and its alerts, its tenant entered for the calls that follow.</summary>
    /// <remarks>Not async itself: a tenant entered inside an async method would not reach its caller's later calls.</remarks>
    private Task<(TenantId Tenant, IAlertGrain Alerts)> NewOrganizationAsync()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        return CreateAsync();

        async Task<(TenantId, IAlertGrain)> CreateAsync()
        {
            await fixture.CreateOrganizationAsync(tenant);
            return (tenant, fixture.Client.GetGrain<IAlertGrain>(tenant.Value));
        }
    }
}
