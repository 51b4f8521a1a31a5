using Dara.Cloud.Portal.Components.Settings;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

public sealed class AlertSettingsTests : ComponentTest
{
    private const string Receiver = "https://ci.example/hooks/dara";
    private const string Secret = "dara_alert_c2VjcmV0LWZvci10aGUtdGVzdA";

    private static readonly AlertTarget Target = new(Receiver, "misnamed", new DateTimeOffset(2026, 3, 4, 5, 6, 0, TimeSpan.Zero), "ada@example.com");

    private static readonly AlertDelivery Delivered =
        new("d1", "model.flagged", "acme/gpt2-sentiment", "misnamed", new DateTimeOffset(2026, 3, 4, 6, 0, 0, TimeSpan.Zero), 200, null, 1);

    private static readonly AlertDelivery Failed =
        new("d2", "ping", null, null, new DateTimeOffset(2026, 3, 4, 7, 0, 0, TimeSpan.Zero), 503, "the receiver answered 503 Service Unavailable", 4);

    [Fact]
    public void Without_a_target_the_section_says_no_alerts_are_sent_and_an_owner_can_set_one()
    {
        var section = Render(WebhookOnly(null, []), canEdit: true);

        Assert.Contains("No alerts are sent", section.Find(".dara-alerts-unset").TextContent, StringComparison.Ordinal);
        Assert.NotNull(section.Find(".dara-alerts-save"));
        Assert.Empty(section.FindAll(".dara-alerts-test"));
        Assert.Empty(section.FindAll(".dara-alerts-deliveries"));
    }

    [Fact]
    public void A_target_shows_its_address_threshold_and_setter_and_the_deliveries_say_how_each_went()
    {
        var section = Render(WebhookOnly(Target, [Failed, Delivered]), canEdit: false);

        Assert.Equal(Receiver, section.Find(".dara-alerts-url").TextContent.Trim());
        Assert.Equal("set 2026-03-04 05:06 UTC by ada@example.com", section.Find(".dara-alerts-updated").TextContent.Trim());
        var rows = section.FindAll(".dara-alerts-deliveries tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("test ping", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("503 Service Unavailable", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("acme/gpt2-sentiment (misnamed)", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("delivered (200)", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll(".dara-alerts-save"));
    }

    [Fact]
    public void Alerts_waiting_to_be_sent_are_counted_and_none_waiting_say_nothing()
    {
        var waiting = Render(WebhookOnly(Target, [Delivered]) with { Waiting = 3 }, canEdit: false);
        var one = Render(WebhookOnly(Target, []) with { Waiting = 1 }, canEdit: false);
        var none = Render(WebhookOnly(Target, [Delivered]), canEdit: false);

        Assert.Equal("3 alerts are waiting to be sent.", waiting.Find(".dara-alerts-waiting").TextContent.Trim());
        Assert.Equal("1 alert is waiting to be sent.", one.Find(".dara-alerts-waiting").TextContent.Trim());
        Assert.Empty(none.FindAll(".dara-alerts-waiting"));
    }

    [Fact]
    public void Saving_sends_the_address_and_threshold_and_shows_the_new_secret_once()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        (string Url, string Verdict)? saved = null;
        var section = Render(WebhookOnly(null, []), canEdit: true, set: (url, verdict) =>
        {
            saved = (url, verdict);
            return Task.FromResult(new CreatedAlertTarget(Target with { Url = url }, Secret));
        });

        section.Find(".dara-alerts-url-input input").Change($"  {Receiver} ");
        section.Find(".dara-alerts-save").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(Secret, dialogs.Find(".dara-alerts-secret-value input").GetAttribute("value")));
        Assert.Equal((Receiver, "misnamed"), saved);
        Assert.DoesNotContain(Secret, section.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_the_organization_refuses_is_explained()
    {
        var section = Render(WebhookOnly(null, []), canEdit: true,
            set: (_, _) => throw new AlertTargetException("'ftp://x' is not an address alerts can be sent to."));

        section.Find(".dara-alerts-url-input input").Change("ftp://x");
        section.Find(".dara-alerts-save").Click();

        section.WaitForAssertion(() => Assert.Contains("not an address alerts can be sent to", section.Find(".dara-alerts-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_test_that_was_not_delivered_says_why_and_stopping_alerts_is_confirmed_first()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var removed = 0;
        var section = Render(WebhookOnly(Target, []), canEdit: true, test: () => Task.FromResult<AlertDelivery?>(Failed), remove: () => removed++);

        section.Find(".dara-alerts-test").Click();
        section.WaitForAssertion(() => Assert.Contains("503 Service Unavailable", section.Find(".dara-alerts-error").TextContent, StringComparison.Ordinal));

        section.Find(".dara-alerts-remove").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("No alert is posted to the address from now on", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("Alerts by e-mail go on", dialogs.Markup, StringComparison.Ordinal);
        Assert.Equal(0, removed);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Stop alerts").Click();
        section.WaitForAssertion(() => Assert.Equal(1, removed));
    }

    private static AlertStatus WebhookOnly(AlertTarget? target, IReadOnlyList<AlertDelivery> recent) => new(target, recent, false, [], []);

    private IRenderedComponent<AlertSettings> Render(
        AlertStatus? status,
        bool canEdit,
        Func<string, string, Task<CreatedAlertTarget>>? set = null,
        Func<Task<AlertDelivery?>>? test = null,
        Action? remove = null) =>
        Context.Render<AlertSettings>(p => p
            .Add(c => c.Status, status)
            .Add(c => c.CanEdit, canEdit)
            .Add(c => c.SetTarget, set ?? ((_, _) => throw new InvalidOperationException("not expected")))
            .Add(c => c.SendTest, test ?? (() => throw new InvalidOperationException("not expected")))
            .Add(c => c.OnRemove, remove ?? (() => throw new InvalidOperationException("not expected"))));
}
