using System.Text.Json;
using System.Text.Json.Serialization;
using Dara.Cloud.Portal.Api;
using Dara.Cloud.Portal.Api.Errors;
using Dara.Cloud.Portal.Api.Json;
using Dara.Cloud.Portal.Uploads;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The portal's services: sign-in, the HTTP API, its limits and its OpenAPI document.</summary>
public static class PortalServiceCollectionExtensions
{
    /// <summary>Ordinary requests are small JSON bodies; model uploads raise the limit for themselves and count as they stream.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Adds everything the portal serves over the grains (the Orleans silo or client is added separately).</summary>
    public static IHostApplicationBuilder AddDaraPortal(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDaraAuthentication();
        builder.Services.AddAuthorization();
        builder.AddDaraApi();
        builder.AddDaraPortalUi();
        return builder;
    }

    /// <summary>The HTTP API: JSON conventions, problem details, upload limits, the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddDaraApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        // A body or query value the framework cannot bind is thrown (as in Development) in every environment, so
        // ApiExceptionHandler names the field that is wrong; left off, Production answered a bare "Bad Request". Post-configured:
        // routing's own configuration sets it to IsDevelopment() and may run after this.
        services.PostConfigure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddOptions<UploadOptions>()
            .Bind(builder.Configuration.GetSection(UploadOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.MaxKeptBytes <= o.MaxRequestBytes, $"{UploadOptions.Section}: MaxKeptBytes cannot exceed MaxRequestBytes.")
            .ValidateOnStart();
        services.AddSingleton<ArtifactUploadReader>();

        // Limits set explicitly rather than trusted to defaults: small bodies everywhere, uploads streamed and counted.
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.AddServerHeader = false;
        });
        services.Configure<FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = MaxRequestBodyBytes;
            form.ValueLengthLimit = 64 * 1024;
            form.ValueCountLimit = 256;
            form.MultipartHeadersLengthLimit = 16 * 1024;
        });

        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Dara.Cloud API",
                    Version = "v1",
                    Description = "Does a pre-trained model's name say truthfully what the model is? Organizations, models, verdicts, reviews.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An Entra ID access token, or an organization API key (dara_<org>_<secret>).",
                };
                document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Api-Key",
                    Description = "An organization API key (dara_<org>_<secret>).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<OrgRouteOpenApi>();
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(RawJson))
                {
                    schema.Type = JsonSchemaType.Object;
                    schema.Properties?.Clear();
                    schema.Description = "The engine's check document (snake_case keys), as `dara check --format json` prints it.";
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }
}
