using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;

namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary>
/// <c>/api/orgs/{org}/api-keys</c> (owners): keys for CI. A key is random, shown once when created
/// (<c>dara_&lt;org&gt;_&lt;secret&gt;</c>), stored hashed, listed without its secret, and revocable.
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
            .Produces<CreatedApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        keys.MapGet("/", async (OrgCaller caller, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetApiKeysAsync()))
            .WithName("ListApiKeys")
            .WithSummary("The organization's API keys, without secrets.");
        keys.MapDelete("/{keyId}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes an API key: it stops working at once.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(CreateApiKeyRequest request, OrgCaller caller, IGrainFactory grains)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return ApiProblems.Invalid("name", $"Give a name of 1-{MaxNameLength} characters.");
        }

        if (request.Role is not { } role || !Enum.IsDefined(role))
        {
            return ApiProblems.Invalid("role", "Give a role: viewer, reviewer or owner.");
        }

        CreatedApiKey created;
        try
        {
            created = await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).CreateApiKeyAsync(name, role);
        }
        catch (InvalidOperationException e)
        {
            // The organization holds as many keys as it may.
            return ApiProblems.Conflict("No more API keys can be created.", e.Message);
        }

        return TypedResults.Created(
            $"/api/orgs/{caller.Tenant.Value}/api-keys/{created.Info.Id}",
            new CreatedApiKeyResponse(created.Info.Id, created.Info.Name, created.Info.Role, created.Info.CreatedAt, created.Secret));
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
