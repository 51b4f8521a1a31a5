using Dara.Cloud.Grains.Alerts;
using Dara.Cloud.Testing;
using SmtpServer.Protocol;

namespace Dara.Cloud.Grains.Tests;

/// <summary>
/// E-mail alerts: a member who asked for them gets the models that look misnamed as one e-mail per gathering, through
/// the deployment's mail server (a loopback SMTP server here).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertEmailTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_member_who_asked_for_e_mail_gets_a_misnamed_upload_with_its_findings_suggested_name_and_link()
    {
        var (tenant, alerts, _, member) = await NewOrganizationWithMemberAsync();
        await alerts.SubscribeByEmailAsync(member, "misnamed");

        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        var mail = Assert.Single(await fixture.Mail.WaitForAsync(member, 1, Wait));
        Assert.Equal(("alerts@dara.test", $"acme/llama-7b-chat looks misnamed ({tenant.Value})"), (mail.From, mail.Subject));
        Assert.Contains("acme/llama-7b-chat: misnamed", mail.Text, StringComparison.Ordinal);
        Assert.Contains("architecture-mismatch", mail.Text, StringComparison.Ordinal);
        Assert.Contains("suggested name: acme/distilbert", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"https://dara.test/orgs/{tenant.Value}/models/acme/llama-7b-chat", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"<https://dara.test/orgs/{tenant.Value}/settings>", mail.Header("List-Unsubscribe"), StringComparison.Ordinal);
        Assert.Contains("acme/llama-7b-chat</a>", mail.Html, StringComparison.Ordinal);

        var delivery = Assert.Single((await Eventually.ReadAsync(alerts.GetStatusAsync, s => s.RecentEmails.Count >= 1)).RecentEmails);
        Assert.Equal((member, 1, true, 1, mail.Header(AlertSender.DeliveryHeader)), (delivery.Address, delivery.Models, delivery.Delivered, delivery.Attempts, delivery.Id));
    }

    [Fact]
    public async Task Models_flagged_together_are_one_e_mail_per_member_holding_the_verdicts_that_member_chose()
    {
        var (tenant, alerts, owner, member) = await NewOrganizationWithMemberAsync();
        await alerts.SubscribeByEmailAsync(member, "suspicious");
        await alerts.SubscribeByEmailAsync(owner, "misnamed");

        // Two misnamed models and a suspicious one (a DistilBERT of 2 layers and width 64 named "tiny").
        await Task.WhenAll(
            fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles())),
            fixture.Model(tenant, "acme/gpt2-news").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles())),
            fixture.Model(tenant, "acme/distilbert-tiny").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles())));

        var toMember = Assert.Single(await fixture.Mail.WaitForAsync(member, 1, Wait));
        var toOwner = Assert.Single(await fixture.Mail.WaitForAsync(owner, 1, Wait));
        Assert.Equal($"3 models in {tenant.Value} look misnamed or suspicious", toMember.Subject);
        Assert.Equal($"2 models in {tenant.Value} look misnamed", toOwner.Subject);
        Assert.All([toMember, toOwner], mail =>
        {
            Assert.Contains("acme/llama-7b-chat: misnamed", mail.Text, StringComparison.Ordinal);
            Assert.Contains("acme/gpt2-news: misnamed", mail.Text, StringComparison.Ordinal);
        });
        Assert.Contains("acme/distilbert-tiny: suspicious", toMember.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("distilbert-tiny", toOwner.Text, StringComparison.Ordinal);

        // Nothing more arrives after the gathering went out.
        await Task.Delay(ClusterFixture.DigestWindow * 3);
        Assert.Single(fixture.Mail.To(member));
    }

    [Fact]
    public async Task A_member_removed_from_the_organization_is_unsubscribed_at_once()
    {
        var (tenant, alerts, owner, member) = await NewOrganizationWithMemberAsync();
        await alerts.SubscribeByEmailAsync(member, "misnamed");
        await alerts.SubscribeByEmailAsync(owner, "misnamed");

        await fixture.Client.GetGrain<IOrganizationGrain>(tenant.Value).RemoveMemberAsync(member);

        var status = await Eventually.ReadAsync(alerts.GetStatusAsync, s => s.EmailSubscriptions.Count == 1);
        Assert.Equal([owner], status.EmailSubscriptions.Select(s => s.Address));
    }

    [Fact]
    public async Task An_address_that_is_no_member_when_the_e_mail_goes_out_gets_nothing_and_is_unsubscribed()
    {
        var (tenant, alerts, owner, _) = await NewOrganizationWithMemberAsync();
        var stranger = $"stranger-{Guid.NewGuid():N}@example.com";

        // The grain takes the address it is given (the portal and the API give the caller's own); membership is read
        // again when the e-mails go out.
        await alerts.SubscribeByEmailAsync(stranger, "misnamed");
        await alerts.SubscribeByEmailAsync(owner, "misnamed");
        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        // The owner's e-mail going out is the moment the stranger would have had theirs.
        Assert.Single(await fixture.Mail.WaitForAsync(owner, 1, Wait));
        var status = await Eventually.ReadAsync(alerts.GetStatusAsync, s => s.RecentEmails.Count >= 1);
        Assert.Empty(fixture.Mail.To(stranger));
        Assert.Equal([owner], status.EmailSubscriptions.Select(s => s.Address));
    }

    [Fact]
    public async Task A_busy_mail_server_is_tried_again_while_a_refusal_is_final_and_a_test_is_tried_once()
    {
        var (tenant, alerts, _, member) = await NewOrganizationWithMemberAsync();
        await alerts.SubscribeByEmailAsync(member, "misnamed");

        fixture.Mail.AnswerNext(SmtpReplyCode.InsufficientStorage, SmtpReplyCode.InsufficientStorage);
        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));
        var retried = Assert.Single((await Eventually.ReadAsync(alerts.GetStatusAsync, s => s.RecentEmails.Count >= 1)).RecentEmails);
        fixture.Mail.AnswerNext(SmtpReplyCode.MailboxUnavailable);
        var refused = await alerts.SendTestEmailAsync(member);
        var test = await alerts.SendTestEmailAsync(member);

        Assert.Equal((true, 3), (retried.Delivered, retried.Attempts));
        Assert.Equal((false, 1), (refused!.Delivered, refused.Attempts));
        Assert.StartsWith("the mail server answered 550", refused.Error, StringComparison.Ordinal);
        Assert.Equal((true, 1, 0), (test!.Delivered, test.Attempts, test.Models));
        Assert.Equal([test.Id, refused.Id, retried.Id], (await alerts.GetStatusAsync()).RecentEmails.Select(d => d.Id));
        Assert.Equal($"Test of the Dara.Cloud alerts of {tenant.Value}", fixture.Mail.To(member)[^1].Subject);
    }

    [Theory]
    [InlineData("not an address", "misnamed", "is not an e-mail address")]
    [InlineData("Ada <ada@example.com>", "misnamed", "is not an e-mail address")]
    [InlineData("ada@example.com", "ok", "not a verdict alerts can start at")]
    public async Task A_subscription_without_an_address_or_threshold_is_refused(string address, string verdict, string message)
    {
        var (_, alerts, _, _) = await NewOrganizationWithMemberAsync();

        var refused = await Assert.ThrowsAsync<AlertTargetException>(() => alerts.SubscribeByEmailAsync(address, verdict));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.Empty((await alerts.GetStatusAsync()).EmailSubscriptions);
    }

    [Fact]
    public async Task Unsubscribing_stops_the_e_mails_and_stopping_the_webhook_keeps_them()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (tenant, alerts, owner, member) = await NewOrganizationWithMemberAsync();
        await alerts.SetTargetAsync(receiver.Url, "misnamed", owner);
        var subscription = await alerts.SubscribeByEmailAsync(member.ToUpperInvariant(), "suspicious");
        await alerts.SubscribeByEmailAsync(owner, "misnamed");

        Assert.True(await alerts.RemoveTargetAsync());
        Assert.True(await alerts.UnsubscribeByEmailAsync(member));
        Assert.False(await alerts.UnsubscribeByEmailAsync(member));
        await fixture.Model(tenant, "acme/llama-7b-chat").SubmitAsync(Artifacts.Upload(Artifacts.DistilBertFiles()));

        Assert.Single(await fixture.Mail.WaitForAsync(owner, 1, Wait));
        Assert.Empty(fixture.Mail.To(member));
        Assert.Equal((member, "suspicious"), (subscription.Address, subscription.MinimumVerdict));
        Assert.True((await alerts.GetStatusAsync()).EmailAvailable);
        await fixture.DeactivateAsync(alerts);
        Assert.Equal([owner], (await alerts.GetStatusAsync()).EmailSubscriptions.Select(s => s.Address));
    }

    /// <summary>
    /// A new organization with an owner and a viewer of their own addresses (the mail server is shared by every test),
    /// its tenant entered for the calls that follow.
    /// </summary>
    /// <remarks>Not async itself: a tenant entered inside an async method would not reach its caller's later calls.</remarks>
    private Task<(TenantId Tenant, IAlertGrain Alerts, string Owner, string Member)> NewOrganizationWithMemberAsync()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        return CreateAsync();

        async Task<(TenantId, IAlertGrain, string, string)> CreateAsync()
        {
            var owner = $"owner-{Guid.NewGuid():N}@example.com";
            var member = $"member-{Guid.NewGuid():N}@example.com";
            var organization = await fixture.CreateOrganizationAsync(tenant, owner);
            await organization.SetMemberAsync(member, OrgRole.Viewer);
            return (tenant, fixture.Client.GetGrain<IAlertGrain>(tenant.Value), owner, member);
        }
    }
}
