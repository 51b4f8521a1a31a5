using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;

namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary><c>/api/orgs/{org}/members</c>: members read the list; owners add, change and remove members.</summary>
internal static class MemberEndpoints
{
    public static void MapMemberEndpoints(this RouteGroupBuilder org)
    {
        var members = org.MapGroup("/members").WithTags("Members");
        members.MapGet("/", async (OrgCaller caller, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetMembersAsync()))
            .WithName("ListMembers")
            .WithSummary("The organization's members and their roles.");
        members.MapPut("/{userId}", SetAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("SetMember")
            .WithSummary("Adds a member (by e-mail address, or Entra account id entra:<tenant id>:<object id>) or changes a member's role; the last owner cannot be demoted.")
            .Produces<IReadOnlyList<Member>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        members.MapDelete("/{userId}", RemoveAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("RemoveMember")
            .WithSummary("Removes a member; the last owner cannot be removed.")
            .Produces<IReadOnlyList<Member>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> SetAsync(string userId, SetMemberRequest request, OrgCaller caller, IGrainFactory grains)
    {
        if (MemberIds.Normalize(userId) is not { } member)
        {
            return ApiProblems.Invalid("userId", "Give the member's e-mail address, or the Entra account id (entra:<tenant id>:<object id>) of someone whose sign-in proves no address.");
        }

        if (request.Role is not { } role || !Enum.IsDefined(role))
        {
            return ApiProblems.Invalid("role", "Give a role: viewer, reviewer or owner.");
        }

        var organization = grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value);
        var current = await organization.GetMembersAsync();
        if (IsLastOwner(current, member) && role != OrgRole.Owner)
        {
            return ApiProblems.Conflict("The last owner cannot be demoted.", "Make another member an owner first.");
        }

        IReadOnlyList<Member> members;
        try
        {
            members = await organization.SetMemberAsync(member, role);
        }
        catch (InvalidOperationException e)
        {
            // The organization is full, or another owner changed the members meanwhile: the detail says which.
            return ApiProblems.Conflict("The member could not be added or changed.", e.Message);
        }

        await grains.GetGrain<IUserGrain>(member).JoinAsync(caller.Tenant);
        return TypedResults.Ok(members);
    }

    private static async Task<IResult> RemoveAsync(string userId, OrgCaller caller, IGrainFactory grains)
    {
        var organization = grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value);
        var current = await organization.GetMembersAsync();
        // Any member as listed, including ids stored before the rules of MemberIds.Normalize (a bare object id).
        var member = userId.Trim().ToLowerInvariant();
        if (!current.Any(m => m.UserId == member))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such member.");
        }

        if (IsLastOwner(current, member))
        {
            return ApiProblems.Conflict("The last owner cannot be removed.", "Make another member an owner first.");
        }

        IReadOnlyList<Member> members;
        try
        {
            members = await organization.RemoveMemberAsync(member);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Conflict("The last owner cannot be removed.", e.Message);
        }

        await grains.GetGrain<IUserGrain>(member).LeaveAsync(caller.Tenant);
        return TypedResults.Ok(members);
    }

    private static bool IsLastOwner(IReadOnlyList<Member> members, string userId) =>
        members.Any(m => m.UserId == userId && m.Role == OrgRole.Owner) && members.Count(m => m.Role == OrgRole.Owner) == 1;
}
