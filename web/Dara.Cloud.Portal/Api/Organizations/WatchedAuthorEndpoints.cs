using System.Text.RegularExpressions;
using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;

namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary><c>/api/orgs/{org}/watched-authors</c>: the Hub authors whose new and updated models are registered automatically.</summary>
internal static partial class WatchedAuthorEndpoints
{
    private const int MaxAuthors = 100;

    public static void MapWatchedAuthorEndpoints(this RouteGroupBuilder org)
    {
        var authors = org.MapGroup("/watched-authors").WithTags("Watched authors");
        authors.MapGet("/", async (OrgCaller caller, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetWatchedAuthorsAsync()))
            .WithName("GetWatchedAuthors")
            .WithSummary("The Hub authors the organization watches.");
        authors.MapGet("/status", async (OrgCaller caller, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IRegistryWatcherGrain>(caller.Tenant.Value).GetStatusAsync()))
            .WithName("GetWatcherStatus")
            .WithSummary("How the watcher is doing: its last poll, the models it registered, the last error, and why it holds new models back (the model limit), if it does.");
        authors.MapPut("/", SetAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("SetWatchedAuthors")
            .WithSummary("Replaces the watched Hub authors.")
            .Produces<IReadOnlyList<string>>()
            .ProducesValidationProblem();
    }

    private static async Task<IResult> SetAsync(string[] authors, OrgCaller caller, IGrainFactory grains)
    {
        if (authors.Length > MaxAuthors || authors.Any(a => a is null || !HubAuthor().IsMatch(a)))
        {
            return ApiProblems.Invalid("authors", $"Give up to {MaxAuthors} Hub user or organization names (letters, digits, '-', '_', '.').");
        }

        var distinct = authors.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var organization = grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value);
        await organization.SetWatchedAuthorsAsync(distinct);
        return TypedResults.Ok(await organization.GetWatchedAuthorsAsync());
    }

    // The Hub's rule for the owner part of a repo id (as ModelKey checks it).
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?$", RegexOptions.CultureInvariant)]
    private static partial Regex HubAuthor();
}
