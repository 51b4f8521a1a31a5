using Dara.Cloud.Portal.Api.Errors;
using Dara.Cloud.Portal.Api.Json;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Uploads;

namespace Dara.Cloud.Portal.Api.Checks;

/// <summary>
/// <c>POST /api/check</c>: the pre-publish check through the service. Runs the engine on uploaded files under a
/// name and answers with the check document (what <c>dara check --format json</c> prints); nothing is registered.
/// The organization's policy applies when the caller names one (<c>?org=</c>) or uses an API key.
/// </summary>
internal static class CheckEndpoints
{
    public static void MapCheckEndpoints(this IEndpointRouteBuilder api) =>
        api.MapPost("/check", CheckAsync)
            .WithTags("Checks")
            .WithName("CheckModel")
            .WithSummary("Checks a name against uploaded files (multipart: name, files) without registering anything.")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private const int MaxNameLength = 200;

    private static async Task<IResult> CheckAsync(
        HttpRequest request, string? org, IGrainFactory grains, ArtifactUploadReader uploads, CancellationToken cancellationToken)
    {
        var (tenant, policy, problem) = await PolicyForAsync(request.HttpContext, org, grains);
        if (problem is not null)
        {
            return problem;
        }

        // Set here rather than in PolicyForAsync: a RequestContext value set inside an awaited method does not flow back out.
        if (tenant is { } caller)
        {
            TenantContext.Set(caller);
        }
        else
        {
            TenantContext.Clear();
        }

        var upload = await uploads.ReadAsync(request, cancellationToken);
        if (upload.Name is not { Length: > 0 and <= MaxNameLength } name)
        {
            return ApiProblems.Invalid(ArtifactUploadReader.NameField, $"Give the name to check (owner/name, at most {MaxNameLength} characters).");
        }

        var outcome = await grains.GetGrain<IAnalysisWorker>(0).AnalyzeAsync(new AnalysisRequest(name, policy!, upload.Artifacts));
        return JsonResults.Document(outcome.Verdict.DocumentJson);
    }

    /// <summary>The policy to check under: the caller's organization's (an API key's, or a member's <c>?org=</c>), else the default.</summary>
    private static async Task<(TenantId? Tenant, PolicyRecord? Policy, IResult? Problem)> PolicyForAsync(HttpContext http, string? org, IGrainFactory grains)
    {
        TenantId tenant;
        if (DaraClaims.ApiKeyGrantOf(http.User) is { } key)
        {
            if (org is not null && org != key.Tenant.Value)
            {
                return (null, null, ApiProblems.NotAMember());
            }

            tenant = key.Tenant;
        }
        else if (org is null)
        {
            return (null, PolicyRecord.Default, null);
        }
        else if (!TenantId.TryParse(org, out tenant))
        {
            return (null, null, ApiProblems.NoSuchOrganization());
        }

        TenantContext.Set(tenant);
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
        if (await organization.GetInfoAsync() is null)
        {
            return (null, null, ApiProblems.NoSuchOrganization());
        }

        if (DaraClaims.ApiKeyGrantOf(http.User) is null && await organization.GetRoleAsync(DaraClaims.UserIdOf(http.User)!) is null)
        {
            return (null, null, ApiProblems.NotAMember());
        }

        return (tenant, await organization.GetPolicyAsync(), null);
    }
}
