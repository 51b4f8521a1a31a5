using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Concurrency;
using Dara.Cloud.Portal.Api.Errors;
using Dara.Cloud.Portal.Api.Json;
using Dara.Cloud.Portal.Components.Naming;
using Dara.Cloud.Portal.Uploads;

namespace Dara.Cloud.Portal.Api.Models;

/// <summary>
/// <c>/api/orgs/{org}/models</c>: upload or register models (reviewers), read verdicts, lists and review histories
/// (viewers), review and re-analyse (reviewers), delete (owners). Re-analysing all of them is a job: <see cref="ReanalysisEndpoints"/>.
/// </summary>
internal static class ModelEndpoints
{
    public static void MapModelEndpoints(this RouteGroupBuilder org)
    {
        var models = org.MapGroup("/models").WithTags("Models");
        models.MapPost("/", SubmitAsync)
            .RequireOrgRole(OrgRole.Reviewer)
            .WithName("SubmitModel")
            .WithSummary("Uploads a model's files (multipart: name, files) or registers it from the Hub ({\"hf\": \"owner/model\"}); answers with the verdict.")
            .WithDescription("A new model past the organization's model limit is 409 and registers nothing; a model the organization has is uploaded or registered again.")
            .Accepts<HubRegistrationRequest>("application/json", "multipart/form-data")
            .Produces(StatusCodes.Status201Created, contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        models.MapGet("/", ListAsync)
            .WithName("ListModels")
            .WithSummary("A page of the organization's models, filtered and sorted.")
            .Produces<ModelPage>()
            .ProducesValidationProblem();
        models.MapGet("/{owner}/{name}", GetAsync)
            .WithName("GetModel")
            .WithSummary("A model's verdict (the check document), history and review state; the ETag is the review's revision, for a review step's If-Match.")
            .Produces<ModelResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        models.MapDelete("/{owner}/{name}", DeleteAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("DeleteModel")
            .WithSummary("Deletes a model and its history.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        models.MapPost("/{owner}/{name}/reanalyze", ReanalyzeAsync)
            .RequireOrgRole(OrgRole.Reviewer)
            .WithName("ReanalyzeModel")
            .WithSummary("Analyses the model again (force=false: only if the engine changed); 503 when the Hub cannot be reached (the verdict is kept).")
            .Produces<ModelResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        models.MapPost("/{owner}/{name}/review", ReviewAsync)
            .RequireOrgRole(OrgRole.Reviewer)
            .WithName("ReviewModel")
            .WithSummary("A review step: assign, comment, accept (the suggested rename, or the findings when the name already fits), dismiss (with a reason), reopen.")
            .WithDescription(EntityTags.Description + " The ETag is the one GET of the model answers with (the review's revision). "
                + "An accept when there is nothing to accept (the suggested name is the current one and the verdict is ok or unreadable) is 409 and changes nothing.")
            .Produces<ModelResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        models.MapGet("/{owner}/{name}/review/history", ReviewHistoryAsync)
            .WithName("GetReviewHistory")
            .WithSummary("A page of the review's steps, oldest first: the newest ones, or those numbered below 'before'; 'nextBefore' asks for the page before it.")
            .WithDescription("Every step is kept and numbered from 1 ('sequence'), so paging back with 'nextBefore' reaches the first one; the model itself shows only the latest. "
                + $"'take' is 1-{ReviewHistoryPage.MaxTake} (default {ReviewHistoryPage.DefaultTake}), 'before' a step number of 1 or more.")
            .Produces<ReviewHistoryPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SubmitAsync(
        HttpRequest request, OrgCaller caller, IGrainFactory grains, ArtifactUploadReader uploads, CancellationToken cancellationToken)
    {
        if (ArtifactUploadReader.IsMultipart(request))
        {
            var upload = await uploads.ReadAsync(request, cancellationToken);
            if (!ModelKey.TryParse(caller.Tenant, upload.Name, out var key))
            {
                return ApiProblems.Invalid(ArtifactUploadReader.NameField, ModelIdProblems.Of(upload.Name) ?? "Give the model's name as owner/name.");
            }

            var view = await (await ClaimAsync(key, grains)).SubmitAsync(upload.Artifacts);
            return Created(caller, view);
        }

        if (request.HasJsonContentType())
        {
            var registration = await request.ReadFromJsonAsync<HubRegistrationRequest>(cancellationToken);
            if (!ModelKey.TryParse(caller.Tenant, registration?.Hf, out var hub))
            {
                return ApiProblems.Invalid("hf", ModelIdProblems.Of(registration?.Hf) ?? "Give the Hub model as owner/name.");
            }

            if (!ModelKey.TryParse(caller.Tenant, registration!.Name ?? registration.Hf, out var key))
            {
                return ApiProblems.Invalid("name", ModelIdProblems.Of(registration!.Name ?? registration.Hf) ?? "Give the model's name as owner/name.");
            }

            if (registration.Revision is { Length: > 200 })
            {
                return ApiProblems.Invalid("revision", "Give a branch, tag or commit of at most 200 characters.");
            }

            var view = await (await ClaimAsync(key, grains)).RegisterFromHubAsync(hub.RepoId, registration.Revision);
            return Created(caller, view);
        }

        return Results.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Send multipart/form-data (name, files) or application/json ({\"hf\": \"owner/model\"}).");
    }

    private static IResult Created(OrgCaller caller, ModelView view) =>
        JsonResults.Created(
            $"/api/orgs/{caller.Tenant.Value}/models/{view.Key.Owner}/{view.Key.Name}",
            view.Current?.DocumentJson ?? throw new InvalidOperationException($"{view.Key} was analysed but has no verdict."));

    private static async Task<IResult> ListAsync([AsParameters] ModelListQuery query, OrgCaller caller, IGrainFactory grains)
    {
        var (parsed, errors) = ModelQueries.Parse(query);
        return parsed is null
            ? ApiProblems.Invalid(errors)
            : TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).ListModelsAsync(parsed));
    }

    // The ETag versions the review only: that is what a client changes here, and a re-analysis that leaves the review
    // alone should not make a reviewer's step fail.
    private static async Task<IResult> GetAsync(string owner, string name, OrgCaller caller, IGrainFactory grains, HttpResponse response)
    {
        if (await FindAsync(owner, name, caller, grains) is not { } found || await found.GetAsync() is not { } view)
        {
            return ApiProblems.NoSuchModel($"{owner}/{name}");
        }

        EntityTags.Set(response, view.Review.Revision);
        return TypedResults.Ok(ModelResponse.From(view));
    }

    private static async Task<IResult> DeleteAsync(string owner, string name, OrgCaller caller, IGrainFactory grains)
    {
        if (await FindAsync(owner, name, caller, grains) is not { } found || await found.GetAsync() is null)
        {
            return ApiProblems.NoSuchModel($"{owner}/{name}");
        }

        await found.DeleteAsync();
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ReanalyzeAsync(string owner, string name, OrgCaller caller, IGrainFactory grains, string? force)
    {
        if (ModelQueries.Flag(force, fallback: true) is not { } forced)
        {
            return ApiProblems.Invalid("force", "Use true or false.");
        }

        if (await FindAsync(owner, name, caller, grains) is not { } found || await found.GetAsync() is null)
        {
            return ApiProblems.NoSuchModel($"{owner}/{name}");
        }

        return TypedResults.Ok(ModelResponse.From(await found.ReanalyzeAsync(forced)));
    }

    private static async Task<IResult> ReviewAsync(string owner, string name, ReviewRequest request, OrgCaller caller, IGrainFactory grains, HttpRequest http)
    {
        if (Reviews.Validate(request) is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors);
        }

        if (await FindAsync(owner, name, caller, grains) is not { } found || await found.GetAsync() is not { } model)
        {
            return ApiProblems.NoSuchModel($"{owner}/{name}");
        }

        var action = Reviews.ToAction(request);
        if (await Reviews.AssigneeProblemAsync(grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value), action) is { } problem)
        {
            return ApiProblems.Invalid("assignee", problem);
        }

        // Valid in itself, but not on this model as it is: the verdict leaves nothing to accept.
        if (Reviews.StepProblem(model, action) is { } conflict)
        {
            return ApiProblems.Conflict("Nothing to accept.", conflict);
        }

        ModelView reviewed;
        try
        {
            reviewed = await found.ReviewAsync(caller.UserId, action, EntityTags.IfMatch(http));
        }
        catch (StaleRevisionException stale)
        {
            return EntityTags.PreconditionFailed(http.HttpContext.Response, stale, "The review");
        }

        EntityTags.Set(http.HttpContext.Response, reviewed.Review.Revision);
        return TypedResults.Ok(ModelResponse.From(reviewed));
    }

    private static async Task<IResult> ReviewHistoryAsync(string owner, string name, [AsParameters] ReviewHistoryQuery query, OrgCaller caller, IGrainFactory grains)
    {
        var (before, take, errors) = Reviews.ParseHistory(query);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        return await FindAsync(owner, name, caller, grains) is { } found && await found.GetReviewHistoryAsync(before, take) is { } page
            ? TypedResults.Ok(page)
            : ApiProblems.NoSuchModel($"{owner}/{name}");
    }

    /// <summary>
    /// The model grain for a route's owner/name in any case (Hub ids ignore it), or null when that is no valid model id
    /// (so no such model).
    /// </summary>
    private static async Task<IModelGrain?> FindAsync(string owner, string name, OrgCaller caller, IGrainFactory grains) =>
        ModelKey.TryParse(caller.Tenant, $"{owner}/{name}", out var key)
            ? grains.GetGrain<IModelGrain>((await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).FindAsync(key)).GrainKey)
            : null;

    /// <summary>The grain to upload or register <paramref name="key"/> to: the model it names in any case, or a new one.</summary>
    private static async Task<IModelGrain> ClaimAsync(ModelKey key, IGrainFactory grains) =>
        grains.GetGrain<IModelGrain>((await grains.GetGrain<IOrganizationGrain>(key.Tenant.Value).ClaimAsync(key)).GrainKey);
}
