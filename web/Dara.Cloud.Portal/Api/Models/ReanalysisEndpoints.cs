using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dara.Cloud.Portal.Api.Models;

/// <summary>
/// <c>/api/orgs/{org}/reanalyze</c>: every model of the organization analysed again, as a background job. Starting it
/// answers at once (202, with where to read the job); a whole organization takes far longer than a request may stay
/// open, and a job outlives the connection that started it. Reviewers start and cancel jobs; every member reads them.
/// </summary>
internal static class ReanalysisEndpoints
{
    public static void MapReanalysisEndpoints(this RouteGroupBuilder org)
    {
        org.MapPost("/reanalyze", StartAsync)
            .RequireOrgRole(OrgRole.Reviewer)
            .WithTags("Models")
            .WithName("ReanalyzeOrganization")
            .WithSummary("Starts a job analysing every model of the organization again (force=false: only those an older engine analysed); answers 202 with the job and its address in Location.")
            .WithDescription("One job runs at a time per organization: while one runs, this answers 202 with that job (its own force and starter) and starts nothing.")
            .Produces<ReanalysisJobResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer(DescribeLocation);
        org.MapGet("/reanalyze", GetLatestAsync)
            .WithTags("Models")
            .WithName("GetLatestReanalysis")
            .WithSummary("The running re-analysis job, else the last one; 404 when the organization never ran one.")
            .Produces<ReanalysisJobResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        org.MapGet("/reanalyze/{id:long}", GetAsync)
            .WithTags("Models")
            .WithName("GetReanalysis")
            .WithSummary("A re-analysis job: running, finished or failed, with its counts so far. Only the running or last job is kept; an older id is 404.")
            .Produces<ReanalysisJobResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // A job is stopped rather than deleted: it stays readable, as cancelled, with who stopped it and how far it got.
        org.MapPost("/reanalyze/{id:long}/cancel", CancelAsync)
            .RequireOrgRole(OrgRole.Reviewer)
            .WithTags("Models")
            .WithName("CancelReanalysis")
            .WithSummary("Cancels a running re-analysis job: it starts no further model and reads cancelled, with who cancelled it, when and its counts so far.")
            .WithDescription("Models the job analysed keep their new verdicts; the few under way at that moment finish on their own and are not counted. Cancelling a cancelled job answers with it again; a job that finished or failed is 409; a new job can be started at once.")
            .Produces<ReanalysisJobResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> StartAsync(OrgCaller caller, IGrainFactory grains, string? force)
    {
        if (ModelQueries.Flag(force, fallback: true) is not { } forced)
        {
            return ApiProblems.Invalid("force", "Use true or false.");
        }

        var job = await Reanalysis(caller, grains).StartAsync(forced, caller.UserId);
        return TypedResults.Accepted(Location(caller, job), ReanalysisJobResponse.From(job));
    }

    private static async Task<IResult> GetLatestAsync(OrgCaller caller, IGrainFactory grains) =>
        await Reanalysis(caller, grains).GetAsync() is { } job
            ? TypedResults.Ok(ReanalysisJobResponse.From(job))
            : ApiProblems.NoSuchReanalysis();

    private static async Task<IResult> GetAsync(long id, OrgCaller caller, IGrainFactory grains) =>
        await Reanalysis(caller, grains).GetAsync() is { } job && job.Id == id
            ? TypedResults.Ok(ReanalysisJobResponse.From(job))
            : ApiProblems.NoSuchReanalysis();

    private static async Task<IResult> CancelAsync(long id, OrgCaller caller, IGrainFactory grains) =>
        await Reanalysis(caller, grains).CancelAsync(id, caller.UserId) switch
        {
            null => ApiProblems.NoSuchReanalysis(),
            { Status: ReanalysisStatus.Finished or ReanalysisStatus.Failed } ended => ApiProblems.Conflict(
                "The re-analysis job has already ended.",
                $"Job {ended.Id} {ended.Status} at {ended.FinishedAt:u}; there is nothing to cancel."),
            var job => TypedResults.Ok(ReanalysisJobResponse.From(job)),
        };

    private static Task DescribeLocation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.GetValueOrDefault("202") is OpenApiResponse accepted)
        {
            accepted.Headers ??= new Dictionary<string, IOpenApiHeader>();
            accepted.Headers["Location"] = new OpenApiHeader
            {
                Description = "The job's address (/api/orgs/{org}/reanalyze/{id}): GET it to follow its progress.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }

        return Task.CompletedTask;
    }

    private static IReanalysisGrain Reanalysis(OrgCaller caller, IGrainFactory grains) => grains.GetGrain<IReanalysisGrain>(caller.Tenant.Value);

    private static string Location(OrgCaller caller, ReanalysisJob job) => $"/api/orgs/{caller.Tenant.Value}/reanalyze/{job.Id}";
}
