namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>A member to add, or a member's new role.</summary>
public sealed record MemberChange(string UserId, OrgRole Role);
