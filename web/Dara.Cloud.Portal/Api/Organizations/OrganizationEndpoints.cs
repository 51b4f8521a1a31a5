using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;
using Dara.Cloud.Portal.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary><c>/api/orgs</c>: create an organization (the caller becomes its owner), list the caller's, read one.</summary>
internal static class OrganizationEndpoints
{
    private const int MaxNameLength = 100;

    public static void MapOrganizationEndpoints(this IEndpointRouteBuilder api, RouteGroupBuilder org)
    {
        var orgs = api.MapGroup("/orgs").WithTags("Organizations");
        orgs.MapPost("/", CreateAsync)
            .WithName("CreateOrganization")
            .WithSummary("Creates an organization; the caller becomes its owner.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        orgs.MapGet("/", ListAsync)
            .WithName("ListOrganizations")
            .WithSummary("The organizations the caller belongs to.");

        org.MapGet("/", (OrgCaller caller, IGrainFactory grains) => GetAsync(caller, grains))
            .WithTags("Organizations")
            .WithName("GetOrganization")
            .WithSummary("An organization and the caller's role in it.");
    }

    private static async Task<Results<Created<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateOrganizationRequest request, HttpContext http, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TenantId.TryParse(request.Id, out var tenant))
        {
            errors["id"] = ["Use up to 40 lower-case letters, digits and inner dashes."];
        }

        var name = request.Name?.Trim();
        // Control and format characters (a NUL, a right-to-left override) would let a name disguise itself where it is shown.
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength
            || name.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            errors["name"] = [$"Give a name of 1-{MaxNameLength} characters, without control or formatting characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // An API key acts inside its own organization; creating others is for people.
        if (DaraClaims.ApiKeyGrantOf(http.User) is not null || DaraClaims.UserIdOf(http.User) is not { } userId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only a signed-in person can create an organization.");
        }

        // The user's list of organizations is capped: an organization created past it would exist but never be listed.
        if ((await grains.GetGrain<IUserGrain>(userId).GetOrganizationsAsync()).Count >= IUserGrain.MaxOrganizations)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "You belong to as many organizations as one may.",
                detail: $"A user belongs to at most {IUserGrain.MaxOrganizations} organizations: leave one before creating another.");
        }

        TenantContext.Set(tenant);
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
        if (await organization.GetInfoAsync() is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "That organization id is taken.");
        }

        OrganizationInfo info;
        try
        {
            info = await organization.CreateAsync(name!, userId);
        }
        catch (InvalidOperationException)
        {
            // Created by someone else between the check and the call.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "That organization id is taken.");
        }

        await grains.GetGrain<IUserGrain>(userId).JoinAsync(tenant);
        return TypedResults.Created($"/api/orgs/{tenant.Value}", OrganizationResponse.From(info, OrgRole.Owner));
    }

    private static async Task<Ok<OrganizationResponse[]>> ListAsync(HttpContext http, IGrainFactory grains)
    {
        if (DaraClaims.ApiKeyGrantOf(http.User) is { } key)
        {
            // A key belongs to exactly one organization.
            TenantContext.Set(key.Tenant);
            var info = await grains.GetGrain<IOrganizationGrain>(key.Tenant.Value).GetInfoAsync();
            return TypedResults.Ok(info is null ? Array.Empty<OrganizationResponse>() : [OrganizationResponse.From(info, key.Role)]);
        }

        var userId = DaraClaims.UserIdOf(http.User)!;
        var result = new List<OrganizationResponse>();
        foreach (var tenant in await grains.GetGrain<IUserGrain>(userId).GetOrganizationsAsync())
        {
            TenantContext.Set(tenant);
            var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);

            // The index may lag behind a removal: the organization has the last word on membership.
            if (await organization.GetRoleAsync(userId) is { } role && await organization.GetInfoAsync() is { } info)
            {
                result.Add(OrganizationResponse.From(info, role));
            }
        }

        return TypedResults.Ok(result.ToArray());
    }

    private static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> GetAsync(OrgCaller caller, IGrainFactory grains)
    {
        var info = await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetInfoAsync();
        return info is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such organization.")
            : TypedResults.Ok(OrganizationResponse.From(info, caller.Role));
    }
}
