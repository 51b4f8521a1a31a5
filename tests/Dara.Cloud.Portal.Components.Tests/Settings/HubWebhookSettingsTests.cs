using Dara.Cloud.Portal.Components.Interop;
using Dara.Cloud.Portal.Components.Settings;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

public sealed class HubWebhookSettingsTests : ComponentTest
{
    private const string Url = "https://dara.example/api/hooks/huggingface/acme";
    private const string Secret = "Zm9vYmFyLXdlYmhvb2stc2VjcmV0LTAx";

    private static readonly WebhookSecretStatus SetByAda = new(true, new DateTimeOffset(2026, 3, 4, 5, 6, 0, TimeSpan.Zero), "ada@example.com");

    [Fact]
    public void The_url_can_be_copied_and_without_a_secret_the_section_says_deliveries_are_refused()
    {
        var module = Context.JSInterop.SetupModule(Clipboard.ModulePath);
        module.SetupVoid("copyText", Url).SetVoidResult();
        var section = Render(WebhookSecretStatus.None, canEdit: true);

        section.Find(".dara-hub-webhook-url-copy").Click();

        Assert.Equal(Url, section.Find(".dara-hub-webhook-url-value input").GetAttribute("value"));
        Assert.Equal(Url, module.VerifyInvoke("copyText").Arguments[0]);
        Assert.Contains("refused until one is generated", section.Find(".dara-hub-webhook-unset").TextContent, StringComparison.Ordinal);
        Assert.Equal("Generate secret", section.Find(".dara-hub-webhook-generate").TextContent.Trim());
        Assert.Empty(section.FindAll(".dara-hub-webhook-remove"));
    }

    [Fact]
    public void A_set_secret_says_when_and_by_whom_it_was_made_never_the_secret_and_offers_rotating_and_removing()
    {
        var section = Render(SetByAda, canEdit: true);
        var older = Render(new WebhookSecretStatus(true), canEdit: true);

        Assert.Equal("created 2026-03-04 05:06 UTC by ada@example.com", section.Find(".dara-hub-webhook-created").TextContent.Trim());
        Assert.Contains("before the portal recorded", older.Find(".dara-hub-webhook-created").TextContent, StringComparison.Ordinal);
        Assert.Equal("Rotate secret", section.Find(".dara-hub-webhook-generate").TextContent.Trim());
        Assert.Single(section.FindAll(".dara-hub-webhook-remove"));
        Assert.Empty(section.FindAll(".dara-hub-webhook-unset"));
        Assert.Empty(section.FindAll(".dara-hub-webhook-secret-value"));
    }

    [Fact]
    public async Task A_generated_secret_is_shown_once_in_a_dialog_with_a_copy_button_and_forgotten_when_it_closes()
    {
        var module = Context.JSInterop.SetupModule(Clipboard.ModulePath);
        module.SetupVoid("copyText", Secret).SetVoidResult();
        var dialogs = Context.Render<MudDialogProvider>();
        var made = 0;
        var section = Render(WebhookSecretStatus.None, canEdit: true, create: () =>
        {
            made++;
            return Task.FromResult(new CreatedWebhookSecret(Secret, SetByAda));
        });

        section.Find(".dara-hub-webhook-generate").Click();
        dialogs.WaitForAssertion(() => Assert.Equal(Secret, dialogs.Find(".dara-hub-webhook-secret-value input").GetAttribute("value")));
        dialogs.Find(".dara-hub-webhook-secret-copy").Click();

        // The click's handler and the section's re-render finish on the renderer's own schedule: on a loaded machine
        // after Click returns, so what they change is waited for rather than read at once.
        Assert.Equal(1, made);
        section.WaitForAssertion(() =>
        {
            Assert.Equal("Generate secret", section.Find(".dara-hub-webhook-generate").TextContent.Trim());
            Assert.Null(section.Find(".dara-hub-webhook-generate").GetAttribute("disabled"));
        });
        dialogs.WaitForAssertion(() => Assert.Equal(Secret, module.VerifyInvoke("copyText").Arguments[0]));
        Assert.Contains("Webhook secret created", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("only time", dialogs.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, section.Markup, StringComparison.Ordinal);

        await dialogs.Find(".dara-hub-webhook-secret-done").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.DoesNotContain(Secret, dialogs.Markup, StringComparison.Ordinal));
        section.Render(p => p.Add(c => c.Status, SetByAda));
        Assert.DoesNotContain(Secret, section.Markup, StringComparison.Ordinal);
        Assert.Equal("Rotate secret", section.Find(".dara-hub-webhook-generate").TextContent.Trim());
    }

    [Fact]
    public void Rotating_is_confirmed_first_and_says_the_previous_secret_no_longer_works()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var made = 0;
        var section = Render(SetByAda, canEdit: true, create: () =>
        {
            made++;
            return Task.FromResult(new CreatedWebhookSecret(Secret, SetByAda with { CreatedBy = "bob@example.com" }));
        });

        section.Find(".dara-hub-webhook-generate").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("stops working at once", dialogs.Markup, StringComparison.Ordinal));
        Button(dialogs, "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("stops working at once", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(0, made);

        section.Find(".dara-hub-webhook-generate").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("stops working at once", dialogs.Markup, StringComparison.Ordinal));
        Button(dialogs, "Rotate").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(Secret, dialogs.Find(".dara-hub-webhook-secret-value input").GetAttribute("value")));
        Assert.Equal(1, made);
        Assert.Contains("Webhook secret rotated", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("previous secret no longer works", dialogs.Find(".dara-hub-webhook-secret-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_is_removed_only_after_confirming()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var removed = 0;
        var section = Render(SetByAda, canEdit: true, remove: () => removed++);

        section.Find(".dara-hub-webhook-remove").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Every delivery from the Hub is refused", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(0, removed);
        Button(dialogs, "Remove").Click();

        section.WaitForAssertion(() => Assert.Equal(1, removed));
    }

    [Fact]
    public void A_secret_that_could_not_be_made_is_explained()
    {
        var section = Render(WebhookSecretStatus.None, canEdit: true, create: () => throw new InvalidOperationException("the organization refused"));

        section.Find(".dara-hub-webhook-generate").Click();

        section.WaitForAssertion(() => Assert.Contains("the organization refused", section.Find(".dara-hub-webhook-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("Generate secret", section.Find(".dara-hub-webhook-generate").TextContent.Trim());
    }

    [Fact]
    public void Members_who_are_not_owners_see_the_url_and_whether_a_secret_is_set_but_no_controls()
    {
        var section = Render(SetByAda, canEdit: false);

        Assert.Equal(Url, section.Find(".dara-hub-webhook-url-value input").GetAttribute("value"));
        Assert.Contains("ada@example.com", section.Find(".dara-hub-webhook-created").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll(".dara-hub-webhook-generate"));
        Assert.Empty(section.FindAll(".dara-hub-webhook-remove"));
    }

    [Fact]
    public void While_the_status_loads_nothing_can_be_changed()
    {
        var section = Render(null, canEdit: true);

        Assert.NotNull(section.Find("[aria-label='Loading the webhook secret']"));
        Assert.Empty(section.FindAll(".dara-hub-webhook-generate"));
    }

    private IRenderedComponent<HubWebhookSettings> Render(
        WebhookSecretStatus? status, bool canEdit, Func<Task<CreatedWebhookSecret>>? create = null, Action? remove = null) =>
        Context.Render<HubWebhookSettings>(p => p
            .Add(c => c.Url, Url)
            .Add(c => c.Status, status)
            .Add(c => c.CanEdit, canEdit)
            .Add(c => c.CreateSecret, create ?? (() => throw new InvalidOperationException("not expected")))
            .Add(c => c.OnRemove, remove ?? (() => throw new InvalidOperationException("not expected"))));

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
