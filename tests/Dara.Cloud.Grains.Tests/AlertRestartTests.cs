using Dara.Cloud.Grains.Alerts;
using Dara.Cloud.Testing;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;

namespace Dara.Cloud.Grains.Tests;

/// <summary>
/// Alerts outlive a restart of the silo: an alert is stored before it is sent and struck off only once it has gone,
/// and a stored reminder brings the organization's alerts back after the restart without anyone calling them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertRestartTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_alert_on_its_way_when_the_silo_stops_goes_out_after_the_restart_with_the_same_delivery_id()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.Hold();
        var tenant = ClusterFixture.EnterNewTenant();
        await RestartedAsync(
            async before =>
            {
                await before.Client.GetGrain<IOrganizationGrain>(tenant.Value).CreateAsync("Restarted", "owner@example.com");
                await before.Client.GetGrain<IAlertGrain>(tenant.Value).SetTargetAsync(receiver.Url, "misnamed", "owner@example.com");
                await ModelOf(before, tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

                // The receiver holds the alert's POST unanswered while the silo stops under it.
                await receiver.NextAsync(Wait);
            },
            async after =>
            {
                var sentBefore = receiver.Received.Count;
                receiver.Release();

                // No call reaches the alerts: the reminder stored before the stop brings them back.
                var received = await Eventually.ReadAsync(() => Task.FromResult(receiver.Received), r => r.Count > sentBefore, Wait);
                var first = received[0].Header(AlertSender.DeliveryHeader);
                Assert.Equal(first, received[^1].Header(AlertSender.DeliveryHeader));

                var alerts = after.Client.GetGrain<IAlertGrain>(tenant.Value);
                var delivery = Assert.Single((await Eventually.ReadAsync(alerts.GetStatusAsync, s => s.Recent.Count >= 1, Wait)).Recent);
                Assert.Equal((first, true, "acme/llama-7b-chat"), (delivery.Id, delivery.Delivered, delivery.Model));
                var stored = await Eventually.ReadAsync(() => fixture.ReadStoredStateAsync<AlertState>(alerts, AlertGrain.StateName, after), s => s is { Waiting.Count: 0 }, Wait);
                Assert.Empty(stored!.Waiting);
            });
    }

    [Fact]
    public async Task Alerts_gathering_for_an_e_mail_when_the_silo_stops_are_e_mailed_after_the_restart()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var owner = $"owner-{Guid.NewGuid():N}@example.com";
        await RestartedAsync(
            async before =>
            {
                await before.Client.GetGrain<IOrganizationGrain>(tenant.Value).CreateAsync("Restarted", owner);
                var alerts = before.Client.GetGrain<IAlertGrain>(tenant.Value);
                await alerts.SubscribeByEmailAsync(owner, "misnamed");
                await ModelOf(before, tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

                // Gathered and stored; the e-mail would go out only after the long window of this first silo.
                await Eventually.ReadAsync(() => fixture.ReadStoredStateAsync<AlertState>(alerts, AlertGrain.StateName, before), s => s is { Gathered.Count: 1 }, Wait);

                // A call answered after the alert's own: its reminder is registered by then.
                await alerts.GetStatusAsync();
                Assert.Empty(fixture.Mail.To(owner));
            },
            async _ =>
            {
                var mail = Assert.Single(await fixture.Mail.WaitForAsync(owner, 1, Wait));
                Assert.Equal($"acme/llama-7b-chat looks misnamed ({tenant.Value})", mail.Subject);
            },
            beforeSettings: new Dictionary<string, string?> { ["Dara:Alerts:Email:DigestWindow"] = "00:05:00" });
    }

    [Fact]
    public async Task Removing_the_webhook_target_forgets_the_alerts_waiting_for_it()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.Hold();
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var alerts = fixture.Client.GetGrain<IAlertGrain>(tenant.Value);
        await alerts.SetTargetAsync(receiver.Url, "misnamed", "owner@example.com");
        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));
        await receiver.NextAsync(Wait);
        Assert.Equal(1, (await alerts.GetStatusAsync()).Waiting);

        Assert.True(await alerts.RemoveTargetAsync());
        receiver.Release();

        var stored = await fixture.ReadStoredStateAsync<AlertState>(alerts, AlertGrain.StateName);
        Assert.Equal((0, 0), (stored!.Waiting.Count, stored.Recent.Count));
        Assert.Equal((0, 0), ((await alerts.GetStatusAsync()).Recent.Count, (await alerts.GetStatusAsync()).Waiting));
    }

    [Fact]
    public async Task A_stored_alert_that_breaks_the_sender_every_time_is_given_up_after_three_tries()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var alerts = fixture.Client.GetGrain<IAlertGrain>(tenant.Value);
        await alerts.SetTargetAsync("https://receiver.example/hooks", "misnamed", "owner@example.com");
        var model = new ModelSummary("acme", "llama-7b-chat", "misnamed", 40, ["architecture-mismatch"], "acme/distilbert", "distilbert", null, DateTimeOffset.UtcNow, ModelOrigin.UploadKind, ReviewActions.Open, null);

        // Stored by an earlier version: a target no sender can post to, and an alert waiting for it.
        await fixture.RewriteStoredStateAsync<AlertState>(alerts, AlertGrain.StateName, state => state with
        {
            Target = state.Target! with { Url = "ftp://receiver.example/hooks" },
            Waiting = [new PendingAlert("d1", new ModelAlert(model, null), DateTimeOffset.UtcNow)],
        });

        // Activated, the grain tries at once, and again at the reminder's next two looks.
        var status = await Eventually.ReadAsync(alerts.GetStatusAsync, s => s.Recent.Count >= 1, Wait);
        var delivery = Assert.Single(status.Recent);
        Assert.Equal(("d1", false, 0, "acme/llama-7b-chat"), (delivery.Id, delivery.Delivered, delivery.Attempts, delivery.Model));
        Assert.StartsWith("not sent: ", delivery.Error, StringComparison.Ordinal);
        var stored = await Eventually.ReadAsync(() => fixture.ReadStoredStateAsync<AlertState>(alerts, AlertGrain.StateName), s => s is { Waiting.Count: 0 }, Wait);
        Assert.Empty(stored!.Waiting);
    }

    private static IModelGrain ModelOf(InProcessTestCluster cluster, TenantId tenant, string repoId) =>
        cluster.Client.GetGrain<IModelGrain>(ModelKey.Parse(tenant, repoId).GrainKey);

    /// <summary>
    /// Runs <paramref name="before"/> on a silo with its own storage and stored reminders, stops that silo, and runs
    /// <paramref name="after"/> on a new one over the same storage.
    /// </summary>
    private async Task RestartedAsync(
        Func<InProcessTestCluster, Task> before,
        Func<InProcessTestCluster, Task> after,
        IReadOnlyDictionary<string, string?>? beforeSettings = null)
    {
        var data = Path.Combine(Path.GetTempPath(), $"dara-alert-restart-{Guid.NewGuid():N}");
        try
        {
            var first = await fixture.StartClusterAsync(data, storedReminders: true, beforeSettings);
            await using (first)
            {
                await before(first);
                await first.StopAllSilosAsync();
            }

            var second = await fixture.StartClusterAsync(data, storedReminders: true);
            await using (second)
            {
                await after(second);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
