using Dara.Cloud.Portal.Api.Access;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dara.Cloud.Portal.Api;

/// <summary>
/// Describes what <see cref="OrgAccessFilter"/> adds to every <c>/api/orgs/{org}/…</c> operation: the <c>org</c> path
/// parameter (read by the filter, not by the handlers, so the generator cannot see it), the schemes that sign a caller
/// in, and the 401, 403 and 404 answers.
/// </summary>
internal sealed class OrgRouteOpenApi : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath ?? string.Empty;
        if (!path.Contains($"{{{OrgAccessFilter.RouteParameter}}}", StringComparison.Ordinal) || path.StartsWith("api/hooks/", StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        if (!operation.Parameters.Any(p => p.Name == OrgAccessFilter.RouteParameter))
        {
            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = OrgAccessFilter.RouteParameter,
                In = ParameterLocation.Path,
                Required = true,
                Description = "The organization id.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        // Either scheme signs a caller in: an Entra ID token or an API key as a bearer token, or the key in X-Api-Key.
        operation.Security ??= [];
        foreach (var scheme in new[] { "bearer", "apiKey" })
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
        }

        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid token, API key or sign-in." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The caller is not a member of the organization, or its role is too low." });
        operation.Responses.TryAdd("404", new OpenApiResponse { Description = "No such organization (or model)." });
        return Task.CompletedTask;
    }
}
