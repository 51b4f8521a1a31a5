using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Concurrency;
using Dara.Cloud.Portal.Api.Errors;

namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary>
/// <c>/api/orgs/{org}/policy</c>: the naming policy; members read it (with its ETag), owners replace it (every name is
/// checked again), conditionally with <c>If-Match</c> (<see cref="EntityTags"/>).
/// </summary>
internal static class PolicyEndpoints
{
    private static readonly string[] Severities = ["info", "warning", "error"];

    public static void MapPolicyEndpoints(this RouteGroupBuilder org)
    {
        var policy = org.MapGroup("/policy").WithTags("Policy");
        policy.MapGet("/", GetAsync)
            .WithName("GetPolicy")
            .WithSummary("The organization's naming policy; its ETag is what a PUT's If-Match names.")
            .Produces<PolicyRecord>();
        policy.MapPut("/", SetAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("SetPolicy")
            .WithSummary("Replaces the naming policy; every model's name is checked again under it.")
            .WithDescription(EntityTags.Description)
            .Produces<PolicyRecord>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        policy.MapGet("/lessons", LessonsAsync)
            .WithName("GetPolicyLessons")
            .WithSummary("What reviewers' dismissals teach that the policy does not accept yet: each finding (code and the name's text), the models it was dismissed on and the latest reason. An owner accepts one by adding it to the policy's acceptedFindings.")
            .Produces<IReadOnlyList<DismissalLesson>>();
    }

    private static async Task<IResult> LessonsAsync(OrgCaller caller, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetDismissalLessonsAsync());

    private static async Task<IResult> GetAsync(OrgCaller caller, IGrainFactory grains, HttpResponse response)
    {
        var current = await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetVersionedPolicyAsync();
        EntityTags.Set(response, current.Revision);
        return TypedResults.Ok(current.Policy);
    }

    private static async Task<IResult> SetAsync(PolicyRequest request, OrgCaller caller, IGrainFactory grains, HttpRequest http)
    {
        if (request.ToRecord() is not { } policy)
        {
            return ApiProblems.Invalid(request.MissingFields().ToDictionary(field => field, field => new[] { $"'{field}' is required: the policy is replaced as a whole." }));
        }

        if (Validate(policy) is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors);
        }

        var organization = grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value);
        if (policy.AcceptedFindings is null)
        {
            // A client that does not know the field keeps what the organization accepts, rather than wiping it.
            policy = policy with { AcceptedFindings = (await organization.GetPolicyAsync()).AcceptedFindings };
        }

        var normalized = Normalize(policy);
        try
        {
            var revision = await organization.SetPolicyAsync(normalized, EntityTags.IfMatch(http));
            EntityTags.Set(http.HttpContext.Response, revision);
        }
        catch (StaleRevisionException stale)
        {
            return EntityTags.PreconditionFailed(http.HttpContext.Response, stale, "The policy");
        }

        return TypedResults.Ok(normalized);
    }

    /// <summary>
    /// A valid policy as it is stored: severity lower-case, element codes upper-case, forbidden words and accepted findings
    /// trimmed and distinct.
    /// </summary>
    internal static PolicyRecord Normalize(PolicyRecord policy) => policy with
    {
        Severity = policy.Severity.ToLowerInvariant(),
        Order = policy.Order.Select(code => code.ToUpperInvariant()).ToArray(),
        ForbiddenWords = policy.ForbiddenWords.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
        AcceptedFindings = policy.AcceptedFindings?.Select(a => a.Trimmed()).DistinctBy(a => a.Key).ToArray(),
    };

    internal static Dictionary<string, string[]> Validate(PolicyRecord policy)
    {
        var errors = new Dictionary<string, string[]>();
        // By name only: Enum.TryParse would also take "999" and "A, S".
        if (policy.Order is null || policy.Order.Count > 20 || policy.Order.Any(code => !Enum.GetNames<ElementCode>().Contains(code, StringComparer.OrdinalIgnoreCase)))
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

        if (policy.AcceptedFindings is { } accepted
            && (accepted.Count > AcceptedFinding.MaxPerPolicy || accepted.Any(a => AcceptedFinding.ProblemOf(a?.Code, a?.Claimed) is not null)))
        {
            errors["acceptedFindings"] = [$"Give up to {AcceptedFinding.MaxPerPolicy} findings, each a finding code ({string.Join(", ", FindingCodes.All)}) and the name's text it is about (at most {AcceptedFinding.MaxClaimedLength} characters, or null)."];
        }

        return errors;
    }
}

/// <summary>
/// The body of <c>PUT /policy</c>. A policy is replaced as a whole, so every field but <see cref="Separator"/> (null:
/// no separator) and <see cref="AcceptedFindings"/> (missing: the ones accepted now are kept) is required: a missing
/// switch is a 400, never a silent <c>false</c>.
/// </summary>
internal sealed record PolicyRequest(
    bool? RequireArchitecture,
    bool? RequireTaskForFineTuned,
    bool? RequireSize,
    IReadOnlyList<string>? Order,
    string? Separator,
    bool? Lowercase,
    int? MaxLength,
    IReadOnlyList<string>? ForbiddenWords,
    string? Severity,
    IReadOnlyList<AcceptedFindingRecord>? AcceptedFindings = null)
{
    /// <summary>The policy, or null when a required field is missing (<see cref="MissingFields"/>).</summary>
    public PolicyRecord? ToRecord() =>
        RequireArchitecture is { } architecture && RequireTaskForFineTuned is { } task && RequireSize is { } size && Order is not null
        && Lowercase is { } lowercase && MaxLength is { } maxLength && ForbiddenWords is not null && Severity is not null
            ? new PolicyRecord(architecture, task, size, Order, Separator, lowercase, maxLength, ForbiddenWords, Severity, AcceptedFindings)
            : null;

    /// <summary>The JSON names of the required fields the request lacks.</summary>
    public IEnumerable<string> MissingFields()
    {
        var fields = new (string Name, bool Missing)[]
        {
            ("requireArchitecture", RequireArchitecture is null),
            ("requireTaskForFineTuned", RequireTaskForFineTuned is null),
            ("requireSize", RequireSize is null),
            ("order", Order is null),
            ("lowercase", Lowercase is null),
            ("maxLength", MaxLength is null),
            ("forbiddenWords", ForbiddenWords is null),
            ("severity", Severity is null),
        };
        return fields.Where(field => field.Missing).Select(field => field.Name);
    }
}
