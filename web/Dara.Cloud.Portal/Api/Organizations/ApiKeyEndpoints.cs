using System.Security.Claims;
using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;
using Dara.Cloud.Portal.Authentication;

namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary>
/// <c>/api/orgs/{org}/api-keys</c> (owners): keys for CI. A key is random, shown once when created
/// (<c>dara_&lt;org&gt;_&lt;secret&gt;</c>), stored hashed, listed without its secret and with its creator, and revocable.
/// A key acts for the member who created it (a key created with a key, for that key's creator): never above their
/// current role, and not at all once they leave.
/// </summary>
internal static class ApiKeyEndpoints
{
    private const int MaxNameLength = 100;

    public static void MapApiKeyEndpoints(this RouteGroupBuilder org)
    {
        var keys = org.MapGroup("/api-keys").WithTags("API keys").RequireOrgRole(OrgRole.Owner);
        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Creates an API key; its secret is in this answer only.")
            .WithDescription("The key records its creator (the signed-in member, or the creator behind the calling key) and never acts above that "
                + "member's current role; it stops working when they leave. A role above the caller's own is 403, and so is a key created "
                + "with a key whose creator is unknown (created before creators were recorded).")
            .Produces<CreatedApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        keys.MapGet("/", async (OrgCaller caller, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetApiKeysAsync()))
            .WithName("ListApiKeys")
            .WithSummary("The organization's API keys, without secrets, with who created them (createdBy null: creator unknown) and who revoked them.");
        keys.MapDelete("/{keyId}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes an API key and every key created with it: they stop working at once.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(CreateApiKeyRequest request, OrgCaller caller, ClaimsPrincipal user, IGrainFactory grains)
    {
        var name = request.Name?.Trim();
        // Control and format characters (a NUL, a right-to-left override) would let a key's name disguise itself in the list.
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength
            || name.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            return ApiProblems.Invalid("name", $"Give a name of 1-{MaxNameLength} characters, without control or formatting characters.");
        }

        if (request.Role is not { } role || !Enum.IsDefined(role))
        {
            return ApiProblems.Invalid("role", "Give a role: viewer, reviewer or owner.");
        }

        var creator = caller.IsApiKey && DaraClaims.ApiKeyIdOf(user) is { } keyId ? ApiKeyCreator.Key(keyId) : ApiKeyCreator.User(caller.UserId);
        CreatedApiKey created;
        try
        {
            created = await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).CreateApiKeyAsync(name, role, creator);
        }
        catch (RoleTooLowException e)
        {
            return ApiProblems.Forbidden("The key cannot have that role.", e.Message);
        }
        catch (InvalidOperationException e)
        {
            // The organization holds as many keys as it may.
            return ApiProblems.Conflict("No more API keys can be created.", e.Message);
        }

        return TypedResults.Created(
            $"/api/orgs/{caller.Tenant.Value}/api-keys/{created.Info.Id}",
            new CreatedApiKeyResponse(
                created.Info.Id, created.Info.Name, created.Info.Role, created.Info.CreatedAt, created.Secret, created.Info.CreatedBy, created.Info.CreatedWithKey));
    }

    private static async Task<IResult> RevokeAsync(string keyId, OrgCaller caller, IGrainFactory grains)
    {
        var organization = grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value);
        if (!(await organization.GetApiKeysAsync()).Any(k => k.Id == keyId))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such API key.");
        }

        await organization.RevokeApiKeyAsync(keyId, caller.UserId);
        return TypedResults.NoContent();
    }
}
