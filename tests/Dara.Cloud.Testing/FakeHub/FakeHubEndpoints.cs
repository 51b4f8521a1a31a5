using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>The fake Hub's middleware (request log, token check, faults) and routes.</summary>
internal static class FakeHubEndpoints
{
    public static void Map(WebApplication app, FakeHubServer server)
    {
        app.Use(async (context, next) =>
        {
            server.Log(context.Request);
            if (!IsAuthorized(context, server.Options.RequiredToken))
            {
                return;
            }

            await FaultResponses.ApplyAsync(server.Faults.Take(context.Request.Path.Value ?? ""), context, next);
        });

        app.MapGet("/api/models", context => ModelListing.WriteAsync(context, server));
        app.MapGet("/api/models/{owner}/{name}", context => WriteModelInfoAsync(context, server, revision: null));
        app.MapGet("/api/models/{owner}/{name}/revision/{revision}",
            context => WriteModelInfoAsync(context, server, (string?)context.Request.RouteValues["revision"]));
        app.MapMethods("/{owner}/{name}/resolve/{revision}/{**path}", [HttpMethods.Get, HttpMethods.Head],
            context => FileDownloads.WriteAsync(context, server, raw: false));
        app.MapMethods("/{owner}/{name}/raw/{revision}/{**path}", [HttpMethods.Get, HttpMethods.Head],
            context => FileDownloads.WriteAsync(context, server, raw: true));
    }

    /// <summary>The model of the route and the revision, or null after writing the Hub's 404 for a missing repo or revision.</summary>
    public static FakeHubModel? FindModel(HttpContext context, FakeHubServer server, string? revision)
    {
        var id = $"{context.Request.RouteValues["owner"]}/{context.Request.RouteValues["name"]}";
        var model = server.FindModel(id);
        if (model is null && server.Catalog.RenamedTo(id) is { } newId)
        {
            // The Hub redirects a renamed repository's URLs to its new id, relative to itself.
            var path = context.Request.Path.Value!;
            var at = path.IndexOf("/" + id, StringComparison.Ordinal);
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = path[..at] + "/" + newId + path[(at + id.Length + 1)..] + context.Request.QueryString;
            return null;
        }

        if (model is null)
        {
            SetError(context, StatusCodes.Status404NotFound, "RepoNotFound", "Repository not found");
            return null;
        }

        if (revision is not null && revision != "main" && revision != model.Sha)
        {
            SetError(context, StatusCodes.Status404NotFound, "RevisionNotFound", $"Invalid rev id: {revision}");
            return null;
        }

        return model;
    }

    public static void SetError(HttpContext context, int status, string? errorCode, string? errorMessage)
    {
        context.Response.StatusCode = status;
        if (errorCode is not null)
        {
            context.Response.Headers["X-Error-Code"] = errorCode;
        }

        if (errorMessage is not null)
        {
            context.Response.Headers["X-Error-Message"] = errorMessage;
        }
    }

    private static async Task WriteModelInfoAsync(HttpContext context, FakeHubServer server, string? revision)
    {
        if (FindModel(context, server, revision) is not { } model)
        {
            return;
        }

        var blobs = string.Equals(context.Request.Query["blobs"], "true", StringComparison.OrdinalIgnoreCase);
        await WriteJsonAsync(context, ModelJson.Info(model, blobs));
    }

    public static async Task WriteJsonAsync(HttpContext context, byte[] json)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>
    /// The Hub answers 401 without a valid token: with "Invalid credentials" for a wrong token, and like a missing
    /// repository when there is none.
    /// </summary>
    private static bool IsAuthorized(HttpContext context, string? requiredToken)
    {
        if (requiredToken is null)
        {
            return true;
        }

        var sent = context.Request.Headers.Authorization.ToString();
        if (sent == $"Bearer {requiredToken}")
        {
            return true;
        }

        if (sent.Length > 0)
        {
            SetError(context, StatusCodes.Status401Unauthorized, null, "Invalid credentials in Authorization header");
        }
        else
        {
            SetError(context, StatusCodes.Status401Unauthorized, "RepoNotFound", "Repository not found");
        }

        return false;
    }
}
