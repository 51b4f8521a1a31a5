using Dara.Cloud.Portal.Components.Settings;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

public sealed class EmailAlertSettingsTests : ComponentTest
{
    private const string Ada = "ada@example.com";

    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 0, TimeSpan.Zero);

    private static readonly EmailAlertDelivery Sent = new("e1", Ada, "acme/gpt2-sentiment looks misnamed (acme)", 1, At, null, 1);

    private static readonly EmailAlertDelivery Refused = new("e2", "bob@example.com", "Test of the Dara.Cloud alerts of acme", 0, At, "the mail server answered 550: mailbox unavailable", 1);

    [Fact]
    public void A_deployment_without_a_mail_server_says_so_and_offers_no_choice()
    {
        var section = Render(Status(available: false), Ada);

        Assert.Contains("sends no e-mail", section.Find(".dara-email-alerts-unavailable").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll(".dara-email-alerts-choice"));
    }

    [Fact]
    public void A_member_whose_sign_in_proves_no_address_is_told_why_there_is_no_choice()
    {
        var section = Render(Status(), myAddress: null);

        Assert.Contains("proves no e-mail address", section.Find(".dara-email-alerts-no-address").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll(".dara-email-alerts-choice"));
    }

    [Fact]
    public void Choosing_suspicious_and_saving_asks_for_the_e_mails_at_the_members_own_address()
    {
        string? asked = null;
        var section = Render(Status(), Ada, subscribe: verdict =>
        {
            asked = verdict;
            return Task.FromResult(new EmailAlertSubscription(Ada, verdict, At));
        });

        Assert.Equal(Ada, section.Find(".dara-email-alerts-address").TextContent);
        Assert.True(section.Find(".dara-email-alerts-save").HasAttribute("disabled"));
        section.Find(".dara-email-alerts-choice-suspicious input").Click();
        section.Find(".dara-email-alerts-save").Click();

        section.WaitForAssertion(() => Assert.Equal("suspicious", asked));
        Assert.Empty(section.FindAll(".dara-email-alerts-test"));
    }

    [Fact]
    public void A_subscribed_member_sees_their_choice_who_else_gets_e_mails_and_how_the_latest_went()
    {
        var status = Status(subscriptions: [new(Ada, "misnamed", At), new("bob@example.com", "suspicious", At)], emails: [Refused, Sent]);

        var section = Render(status, Ada);

        Assert.NotNull(section.Find(".dara-email-alerts-choice-misnamed input[checked]"));
        Assert.Equal("E-mailed to: ada@example.com (misnamed), bob@example.com (suspicious or misnamed)", section.Find(".dara-email-alerts-subscribers").TextContent.Trim());
        var rows = section.FindAll(".dara-email-alerts-deliveries tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("550: mailbox unavailable", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("acme/gpt2-sentiment looks misnamed", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("sent", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_never_stops_the_e_mails_and_a_test_that_was_not_sent_says_why()
    {
        var stopped = 0;
        var status = Status(subscriptions: [new(Ada, "misnamed", At)]);
        var section = Render(status, Ada, unsubscribe: () =>
        {
            stopped++;
            return Task.CompletedTask;
        }, test: () => Task.FromResult<EmailAlertDelivery?>(Refused));

        section.Find(".dara-email-alerts-test").Click();
        section.WaitForAssertion(() => Assert.Contains("550: mailbox unavailable", section.Find(".dara-email-alerts-error").TextContent, StringComparison.Ordinal));
        section.Find(".dara-email-alerts-choice-never input").Click();
        section.Find(".dara-email-alerts-save").Click();

        section.WaitForAssertion(() => Assert.Equal(1, stopped));
    }

    private static AlertStatus Status(
        bool available = true,
        IReadOnlyList<EmailAlertSubscription>? subscriptions = null,
        IReadOnlyList<EmailAlertDelivery>? emails = null) =>
        new(null, [], available, subscriptions ?? [], emails ?? []);

    private IRenderedComponent<EmailAlertSettings> Render(
        AlertStatus status,
        string? myAddress,
        Func<string, Task<EmailAlertSubscription>>? subscribe = null,
        Func<Task>? unsubscribe = null,
        Func<Task<EmailAlertDelivery?>>? test = null) =>
        Context.Render<EmailAlertSettings>(p => p
            .Add(c => c.Status, status)
            .Add(c => c.MyAddress, myAddress)
            .Add(c => c.Subscribe, subscribe ?? (_ => throw new InvalidOperationException("not expected")))
            .Add(c => c.Unsubscribe, unsubscribe ?? (() => throw new InvalidOperationException("not expected")))
            .Add(c => c.SendTest, test ?? (() => throw new InvalidOperationException("not expected"))));
}
