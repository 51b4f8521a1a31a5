using System.Net.Mail;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// An organization's members and roles: change a role, remove a member (after confirming), add one by e-mail. The
/// last owner can be neither demoted nor removed (the organization grain refuses it too). Changes go out as events.
/// </summary>
public partial class MembersEditor
{
    private static readonly OrgRole[] Roles = [OrgRole.Viewer, OrgRole.Reviewer, OrgRole.Owner];

    private IReadOnlyList<Member> _ordered = [];
    private string? _newUser;
    private OrgRole _newRole = OrgRole.Viewer;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    /// <summary>The members; null while loading.</summary>
    [Parameter]
    public IReadOnlyList<Member>? Members { get; set; }

    /// <summary>The signed-in user (marked "you").</summary>
    [Parameter]
    public string? CurrentUserId { get; set; }

    /// <summary>Whether the signed-in user may change members (owners).</summary>
    [Parameter]
    public bool CanEdit { get; set; }

    [Parameter]
    public EventCallback<MemberChange> OnRoleChange { get; set; }

    [Parameter]
    public EventCallback<Member> OnRemove { get; set; }

    [Parameter]
    public EventCallback<MemberChange> OnAdd { get; set; }

    private string? NewUserText => string.IsNullOrWhiteSpace(_newUser) ? null : _newUser.Trim();

    private string? NewUserError => NewUserText switch
    {
        null => null,
        var text when !IsEmail(text) => "Enter an e-mail address",
        var text when Members?.Any(m => string.Equals(m.UserId, text, StringComparison.OrdinalIgnoreCase)) == true => "Already a member",
        _ => null,
    };

    private bool CanAdd => CanEdit && NewUserText is not null && NewUserError is null;

    protected override void OnParametersSet() =>
        _ordered = (Members ?? []).OrderByDescending(m => m.Role).ThenBy(m => m.UserId, StringComparer.OrdinalIgnoreCase).ToList();

    private bool IsLastOwner(Member member) => member.Role == OrgRole.Owner && _ordered.Count(m => m.Role == OrgRole.Owner) == 1;

    private Task ChangeRoleAsync(Member member, OrgRole role) =>
        role == member.Role || IsLastOwner(member) ? Task.CompletedTask : OnRoleChange.InvokeAsync(new MemberChange(member.UserId, role));

    private async Task RemoveAsync(Member member)
    {
        if (IsLastOwner(member))
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Remove member",
            $"Remove {member.UserId} from the organization? They lose access at once.",
            yesText: "Remove",
            cancelText: "Cancel");
        if (confirmed == true)
        {
            await OnRemove.InvokeAsync(member);
        }
    }

    private async Task OnNewUserKeyUpAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
        {
            await AddAsync();
        }
    }

    private async Task AddAsync()
    {
        if (!CanAdd)
        {
            return;
        }

        var change = new MemberChange(NewUserText!, _newRole);
        _newUser = null;
        _newRole = OrgRole.Viewer;
        await OnAdd.InvokeAsync(change);
    }

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);
}
