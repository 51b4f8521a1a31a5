using Dara.Cloud.Portal.Components.Interop;
using Dara.Cloud.Portal.Components.Settings;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

public sealed class ApiKeysManagerTests : ComponentTest
{
    private const string Secret = "dara_live_3f9c2a7e41b84d0f9e6a";

    private static readonly ApiKeyInfo CiKey = new("k1", "ci", OrgRole.Reviewer, Samples.Now.AddDays(-3), Samples.Now.AddHours(-1), false);
    private static readonly ApiKeyInfo OldKey = new("k0", "old", OrgRole.Viewer, Samples.Now.AddDays(-30), null, true);

    [Fact]
    public void Keys_are_listed_without_secrets_revoked_ones_last()
    {
        var manager = Context.Render<ApiKeysManager>(p => p.Add(c => c.Keys, [OldKey, CiKey]).Add(c => c.CreateKey, Fail).Add(c => c.CanEdit, true));

        var rows = manager.FindAll(".dara-api-key");
        Assert.Equal(["k1", "k0"], rows.Select(r => r.GetAttribute("data-key")));
        Assert.Contains("dara-api-key-revoked", rows[1].ClassList);
        Assert.Contains("never", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Single(manager.FindAll(".dara-api-key-revoke"));
    }

    [Fact]
    public async Task A_new_key_s_secret_is_shown_once_in_a_dialog_and_forgotten_when_it_closes()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var created = new List<(string Name, OrgRole Role)>();
        Task<CreatedApiKey> Create(string name, OrgRole role)
        {
            created.Add((name, role));
            return Task.FromResult(new CreatedApiKey(new ApiKeyInfo("k2", name, role, Samples.Now, null, false), Secret));
        }

        var manager = Context.Render<ApiKeysManager>(p => p.Add(c => c.Keys, [CiKey]).Add(c => c.CreateKey, Create).Add(c => c.CanEdit, true));
        manager.Find(".dara-api-key-name input").Input("deploy");
        manager.Find(".dara-api-key-create-button").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(Secret, dialogs.Find(".dara-api-key-secret-value input").GetAttribute("value")));
        Assert.Equal([("deploy", OrgRole.Viewer)], created);
        Assert.Contains("only time", dialogs.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, manager.Markup, StringComparison.Ordinal);

        await dialogs.Find(".dara-api-key-secret-done").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.DoesNotContain(Secret, dialogs.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, manager.Markup, StringComparison.Ordinal);
        manager.Render(p => p.Add(c => c.Keys, [CiKey, created.Select(c => new ApiKeyInfo("k2", c.Name, c.Role, Samples.Now, null, false)).Single()]));
        Assert.DoesNotContain(Secret, manager.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_can_be_copied_from_the_dialog()
    {
        var module = Context.JSInterop.SetupModule(Clipboard.ModulePath);
        module.SetupVoid("copyText", Secret).SetVoidResult();
        var dialogs = Context.Render<MudDialogProvider>();
        var manager = Context.Render<ApiKeysManager>(p => p
            .Add(c => c.Keys, [])
            .Add(c => c.CreateKey, (name, role) => Task.FromResult(new CreatedApiKey(new ApiKeyInfo("k2", name, role, Samples.Now, null, false), Secret)))
            .Add(c => c.CanEdit, true));
        manager.Find(".dara-api-key-name input").Input("deploy");
        manager.Find(".dara-api-key-create-button").Click();

        dialogs.WaitForElement(".dara-api-key-secret-copy").Click();

        Assert.Equal(Secret, module.VerifyInvoke("copyText").Arguments[0]);
    }

    [Fact]
    public void A_key_is_revoked_only_after_confirming()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var revoked = new List<ApiKeyInfo>();
        var manager = Context.Render<ApiKeysManager>(p => p
            .Add(c => c.Keys, [CiKey]).Add(c => c.CreateKey, Fail).Add(c => c.CanEdit, true).Add(c => c.OnRevoke, key => revoked.Add(key)));

        manager.Find(".dara-api-key-revoke").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke \"ci\"?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(revoked);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        manager.WaitForAssertion(() => Assert.Equal([CiKey], revoked));
    }

    [Fact]
    public void A_failed_creation_is_explained()
    {
        var manager = Context.Render<ApiKeysManager>(p => p.Add(c => c.Keys, []).Add(c => c.CreateKey, Fail).Add(c => c.CanEdit, true));
        manager.Find(".dara-api-key-name input").Input("deploy");

        manager.Find(".dara-api-key-create-button").Click();

        manager.WaitForAssertion(() => Assert.Contains("the organization refused", manager.Find(".dara-api-key-create-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_viewer_can_neither_create_nor_revoke()
    {
        var manager = Context.Render<ApiKeysManager>(p => p.Add(c => c.Keys, [CiKey]).Add(c => c.CreateKey, Fail));

        Assert.Empty(manager.FindAll(".dara-api-key-create-button"));
        Assert.Empty(manager.FindAll(".dara-api-key-revoke"));
    }

    private static Task<CreatedApiKey> Fail(string name, OrgRole role) => throw new InvalidOperationException("the organization refused");

    [Fact]
    public void A_revoked_key_says_when_and_by_whom_it_was_revoked()
    {
        var revoked = OldKey with { RevokedAt = new DateTimeOffset(2026, 3, 4, 5, 6, 0, TimeSpan.Zero), RevokedBy = "owner@example.com" };
        var manager = Context.Render<ApiKeysManager>(p => p.Add(c => c.Keys, [revoked, CiKey]).Add(c => c.CreateKey, Fail).Add(c => c.CanEdit, true));

        var note = Assert.Single(manager.FindAll(".dara-api-key-revoked-by"));
        Assert.Equal("2026-03-04 05:06 by owner@example.com", note.TextContent.Trim());
    }

    [Fact]
    public void Each_key_shows_its_creator_and_a_key_without_one_is_flagged_creator_unknown()
    {
        var byAda = CiKey with { CreatedBy = "ada@example.com" };
        var byKey = new ApiKeyInfo("k3", "job", OrgRole.Viewer, Samples.Now, null, false, CreatedBy: "ada@example.com", CreatedWithKey: "k1");
        var manager = Context.Render<ApiKeysManager>(p => p.Add(c => c.Keys, [byAda, byKey, OldKey]).Add(c => c.CreateKey, Fail).Add(c => c.CanEdit, true));

        var rows = manager.FindAll(".dara-api-key").ToDictionary(r => r.GetAttribute("data-key")!);
        Assert.Equal("by ada@example.com", rows["k1"].QuerySelector(".dara-api-key-creator")!.TextContent.Trim());
        Assert.Equal("by ada@example.com (with the key ci)", rows["k3"].QuerySelector(".dara-api-key-creator")!.TextContent.Trim());
        Assert.Null(rows["k1"].QuerySelector(".dara-api-key-creator-unknown"));
        Assert.Null(rows["k0"].QuerySelector(".dara-api-key-creator"));
        Assert.Contains("creator unknown", rows["k0"].QuerySelector(".dara-api-key-creator-unknown")!.TextContent, StringComparison.Ordinal);
    }
}
