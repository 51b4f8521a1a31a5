using System.Text;

namespace Dara.Cloud.Portal.Api.Json;

/// <summary>Responses whose body is a stored JSON document, sent as is.</summary>
public static class JsonResults
{
    /// <summary>200 with the document.</summary>
    public static IResult Document(string json) => Results.Text(json, "application/json", Encoding.UTF8, StatusCodes.Status200OK);

    /// <summary>201 with the document and where the created resource lives.</summary>
    public static IResult Created(string location, string json) => new CreatedDocument(location, json);

    private sealed class CreatedDocument(string location, string json) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return Results.Text(json, "application/json", Encoding.UTF8, StatusCodes.Status201Created).ExecuteAsync(httpContext);
        }
    }
}
