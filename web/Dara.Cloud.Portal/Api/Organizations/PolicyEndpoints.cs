using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;

namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary><c>/api/orgs/{org}/policy</c>: the naming policy; members read it, owners replace it (every name is checked again).</summary>
internal static class PolicyEndpoints
{
    private static readonly string[] Severities = ["info", "warning", "error"];

    public static void MapPolicyEndpoints(this RouteGroupBuilder org)
    {
        var policy = org.MapGroup("/policy").WithTags("Policy");
        policy.MapGet("/", async (OrgCaller caller, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetPolicyAsync()))
            .WithName("GetPolicy")
            .WithSummary("The organization's naming policy.");
        policy.MapPut("/", SetAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("SetPolicy")
            .WithSummary("Replaces the naming policy; every model's name is checked again under it.")
            .Produces<PolicyRecord>()
            .ProducesValidationProblem();
    }

    private static async Task<IResult> SetAsync(PolicyRecord policy, OrgCaller caller, IGrainFactory grains)
    {
        if (Validate(policy) is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors);
        }

        var normalized = Normalize(policy);
        await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).SetPolicyAsync(normalized);
        return TypedResults.Ok(normalized);
    }

    /// <summary>A valid policy as it is stored: severity lower-case, element codes upper-case, forbidden words trimmed and distinct.</summary>
    internal static PolicyRecord Normalize(PolicyRecord policy) => policy with
    {
        Severity = policy.Severity.ToLowerInvariant(),
        Order = policy.Order.Select(code => code.ToUpperInvariant()).ToArray(),
        ForbiddenWords = policy.ForbiddenWords.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
    };

    internal static Dictionary<string, string[]> Validate(PolicyRecord policy)
    {
        var errors = new Dictionary<string, string[]>();
        if (policy.Order is null || policy.Order.Count > 20 || policy.Order.Any(code => !Enum.TryParse<ElementCode>(code, ignoreCase: true, out _)))
        {
            errors["order"] = [$"Give up to 20 element codes ({string.Join(", ", Enum.GetNames<ElementCode>())})."];
        }

        if (policy.Separator is { } separator && (separator.Length != 1 || !"-_.".Contains(separator[0], StringComparison.Ordinal)))
        {
            errors["separator"] = ["Use '-', '_', '.' or null."];
        }

        if (policy.MaxLength is < 8 or > 512)
        {
            errors["maxLength"] = ["Use 8-512."];
        }

        if (policy.ForbiddenWords is null || policy.ForbiddenWords.Count > 200 || policy.ForbiddenWords.Any(w => w is null || w.Length > 64))
        {
            errors["forbiddenWords"] = ["Give up to 200 words of at most 64 characters."];
        }

        if (policy.Severity is null || !Severities.Contains(policy.Severity, StringComparer.OrdinalIgnoreCase))
        {
            errors["severity"] = ["Use info, warning or error."];
        }

        return errors;
    }
}
