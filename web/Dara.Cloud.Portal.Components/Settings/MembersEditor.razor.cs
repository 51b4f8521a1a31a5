using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// An organization's members and roles: change a role, remove a member (after confirming), add one by e-mail address or
/// Entra account id (<see cref="MemberIds"/>, the API's rule). The last owner can be neither demoted nor removed (the
/// organization grain refuses it too). Changes go out as events.
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

    /// <summary>Says which forms a member id takes, under the field.</summary>
    public const string NewUserHelp =
        "An e-mail address, or the Entra account id (entra:<tenant id>:<object id>) of someone whose sign-in proves no address: they see it in the portal's top bar.";

    private string? NewUserText => string.IsNullOrWhiteSpace(_newUser) ? null : _newUser.Trim();

    // The user id the text names, lower-cased as members are stored, so "Already a member" holds in any spelling.
    private string? NewUserId => MemberIds.Normalize(NewUserText);

    private string? NewUserError => NewUserText switch
    {
        null => null,
        _ when NewUserId is null => $"Enter {MemberIds.Forms}",
        _ when Members?.Any(m => string.Equals(m.UserId, NewUserId, StringComparison.OrdinalIgnoreCase)) == true => "Already a member",
        _ => null,
    };

    private bool CanAdd => CanEdit && NewUserId is not null && NewUserError is null;

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

        var change = new MemberChange(NewUserId!, _newRole);
        _newUser = null;
        _newRole = OrgRole.Viewer;
        await OnAdd.InvokeAsync(change);
    }
}
