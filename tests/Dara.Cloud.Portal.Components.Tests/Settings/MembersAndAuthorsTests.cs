using Dara.Cloud.Portal.Components.Settings;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Tests.Settings;

public sealed class MembersAndAuthorsTests : ComponentTest
{
    private static readonly Member Ann = new("ann@acme.example", OrgRole.Owner, Samples.Now.AddDays(-100));
    private static readonly Member Bob = new("bob@acme.example", OrgRole.Reviewer, Samples.Now.AddDays(-10));

    [Fact]
    public void Members_are_listed_owners_first_and_the_last_owner_cannot_be_removed_or_demoted()
    {
        var editor = Context.Render<MembersEditor>(p => p.Add(c => c.Members, [Bob, Ann]).Add(c => c.CanEdit, true).Add(c => c.CurrentUserId, Ann.UserId));

        var rows = editor.FindAll(".dara-member");
        Assert.Equal([Ann.UserId, Bob.UserId], rows.Select(r => r.GetAttribute("data-user")));
        Assert.Contains("you", rows[0].TextContent, StringComparison.Ordinal);
        var removes = editor.FindAll(".dara-member-remove");
        Assert.True(removes[0].HasAttribute("disabled"));
        Assert.False(removes[1].HasAttribute("disabled"));
        Assert.True(editor.FindComponents<MudSelect<OrgRole>>()[0].Instance.Disabled);
    }

    [Fact]
    public void Changing_a_role_raises_the_change()
    {
        var popovers = Context.Render<MudPopoverProvider>();
        var changes = new List<MemberChange>();
        var editor = Context.Render<MembersEditor>(p => p
            .Add(c => c.Members, [Ann, Bob]).Add(c => c.CanEdit, true).Add(c => c.OnRoleChange, change => changes.Add(change)));

        editor.FindAll(".mud-input-control.dara-member-role")[1].MouseDown();
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-list-item")));
        popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "Owner").Click();

        editor.WaitForAssertion(() => Assert.Equal([new MemberChange(Bob.UserId, OrgRole.Owner)], changes));
    }

    [Fact]
    public void A_member_is_removed_after_confirming()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var removed = new List<Member>();
        var editor = Context.Render<MembersEditor>(p => p.Add(c => c.Members, [Ann, Bob]).Add(c => c.CanEdit, true).Add(c => c.OnRemove, m => removed.Add(m)));

        editor.FindAll(".dara-member-remove")[1].Click();
        dialogs.WaitForAssertion(() => Assert.Contains(Bob.UserId, dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Remove").Click();

        editor.WaitForAssertion(() => Assert.Equal([Bob], removed));
    }

    [Fact]
    public void A_member_is_added_by_e_mail_once_it_is_one()
    {
        var added = new List<MemberChange>();
        var editor = Context.Render<MembersEditor>(p => p.Add(c => c.Members, [Ann]).Add(c => c.CanEdit, true).Add(c => c.OnAdd, m => added.Add(m)));

        editor.Find(".dara-member-add-email input").Input("not an address");
        editor.WaitForAssertion(() => Assert.True(editor.Find(".dara-member-add-button").HasAttribute("disabled")));
        Assert.Contains("Enter an e-mail address, or an Entra account id", editor.Markup, StringComparison.Ordinal);
        editor.Find(".dara-member-add-email input").Input("ANN@acme.example");
        editor.WaitForAssertion(() => Assert.Contains("Already a member", editor.Markup, StringComparison.Ordinal));

        editor.Find(".dara-member-add-email input").Input("cy@acme.example");
        editor.WaitForAssertion(() => Assert.False(editor.Find(".dara-member-add-button").HasAttribute("disabled")));
        editor.Find(".dara-member-add-button").Click();

        editor.WaitForAssertion(() => Assert.Equal([new MemberChange("cy@acme.example", OrgRole.Viewer)], added));
    }

    [Fact]
    public void A_member_is_added_by_entra_account_id_lower_cased_and_a_bare_object_id_is_refused()
    {
        const string Tenant = "72F988BF-86F1-41AF-91AB-2D7CD011DB47";
        const string Account = "1C8E3B6A-2F0D-4E77-9B1A-5D3C2E1F0A9B";
        var added = new List<MemberChange>();
        var editor = Context.Render<MembersEditor>(p => p.Add(c => c.Members, [Ann]).Add(c => c.CanEdit, true).Add(c => c.OnAdd, m => added.Add(m)));

        editor.Find(".dara-member-add-email input").Input(Account);
        editor.WaitForAssertion(() => Assert.True(editor.Find(".dara-member-add-button").HasAttribute("disabled")));
        Assert.Contains("entra:&lt;tenant id&gt;:&lt;object id&gt;", editor.Markup, StringComparison.Ordinal);
        editor.Find(".dara-member-add-email input").Input($" entra:{Tenant}:{Account} ");
        editor.WaitForAssertion(() => Assert.False(editor.Find(".dara-member-add-button").HasAttribute("disabled")));
        editor.Find(".dara-member-add-button").Click();

        editor.WaitForAssertion(() => Assert.Equal([new MemberChange($"entra:{Tenant}:{Account}".ToLowerInvariant(), OrgRole.Viewer)], added));
    }

    [Fact]
    public void The_add_field_says_it_takes_an_e_mail_address_or_an_entra_account_id_and_an_entra_member_is_already_one_in_any_case()
    {
        var entra = new Member("entra:72f988bf-86f1-41af-91ab-2d7cd011db47:1c8e3b6a-2f0d-4e77-9b1a-5d3c2e1f0a9b", OrgRole.Viewer, Samples.Now);
        var editor = Context.Render<MembersEditor>(p => p.Add(c => c.Members, [Ann, entra]).Add(c => c.CanEdit, true));

        var help = editor.Find(".dara-member-add-email .mud-input-helper-text").TextContent;
        editor.Find(".dara-member-add-email input").Input(entra.UserId.ToUpperInvariant());

        Assert.Contains("e-mail address", help, StringComparison.Ordinal);
        Assert.Contains("entra:<tenant id>:<object id>", help, StringComparison.Ordinal);
        editor.WaitForAssertion(() => Assert.Contains("Already a member", editor.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void Watched_authors_are_added_and_removed_as_a_whole_list()
    {
        var lists = new List<IReadOnlyList<string>>();
        var editor = Context.Render<WatchedAuthorsEditor>(p => p
            .Add(c => c.Authors, ["acme"]).Add(c => c.CanEdit, true).Add(c => c.AuthorsChanged, authors => lists.Add(authors)));

        editor.Find(".dara-watched-author-new input").Input("ACME");
        editor.WaitForAssertion(() => Assert.Contains("Already watched", editor.Markup, StringComparison.Ordinal));
        editor.Find(".dara-watched-author-new input").Input("bad/name");
        editor.WaitForAssertion(() => Assert.True(editor.Find(".dara-watched-author-add").HasAttribute("disabled")));
        editor.Find(".dara-watched-author-new input").Input("meta-llama");
        editor.WaitForAssertion(() => Assert.False(editor.Find(".dara-watched-author-add").HasAttribute("disabled")));
        editor.Find(".dara-watched-author-add").Click();
        editor.WaitForAssertion(() => Assert.Single(lists));
        Assert.Equal(["acme", "meta-llama"], lists[0]);

        editor.FindComponent<MudChip<string>>().Find("button.mud-chip-close-button").Click();

        editor.WaitForAssertion(() => Assert.Equal(2, lists.Count));
        Assert.Empty(lists[1]);
    }

    [Fact]
    public void Without_the_right_to_edit_authors_are_read_only()
    {
        var editor = Context.Render<WatchedAuthorsEditor>(p => p.Add(c => c.Authors, ["acme"]));

        Assert.Empty(editor.FindAll(".dara-watched-author-new"));
        Assert.Empty(editor.FindAll("button.mud-chip-close-button"));
    }
}
