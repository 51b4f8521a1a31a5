using Dara.Cloud.Portal.Uploads;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Dara.Cloud.Portal.Api.Errors;

/// <summary>
/// Turns the failures a client causes into problem details with their proper status: an upload over a limit → 413,
/// a malformed request body (bad multipart, unreadable JSON) → 400, the Hub out of reach → 503 (nothing was changed), a
/// call that timed out → 503, a new model past the organization's model limit → 409 (nothing was registered).
/// Anything else is a 500 with no detail.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, errors) = exception switch
        {
            UploadTooLargeException e => (StatusCodes.Status413PayloadTooLarge, "The upload is too large.", e.Message, null),
            BadUploadException e => (StatusCodes.Status400BadRequest, "The upload is not valid.", e.Message, new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "The request body is too large.", exception.Message, null),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => JsonProblem(json),

            // The framework's words for a body it could not bind ("Implicit body inferred…") are written for developers;
            // on an endpoint that reads a JSON body the only such failure left is a body that is missing or null.
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: null } when ReadsJsonBody(httpContext) =>
                (StatusCodes.Status400BadRequest, "The request body is missing.", "Send a JSON object in the request body; it was empty or null.",
                    new Dictionary<string, string[]> { [BodyField] = ["Send a JSON object in the request body; it was empty or null."] }),
            BadHttpRequestException e => (e.StatusCode, "The request is not valid.", e.Message, null),
            InvalidDataException e => (StatusCodes.Status400BadRequest, "The request body is malformed.", e.Message, null),
            System.Text.Json.JsonException e => JsonProblem(e),

            ModelSourceUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "The Hub could not be reached.", e.Message, null),
            ModelNotOnHubException e => (StatusCodes.Status404NotFound, "No such model on the Hub.", e.Message, null),
            ModelLimitReachedException e => (StatusCodes.Status409Conflict, "The organization has as many models as it may.", e.Message, null),

            // A grain call that outlived its response timeout (a Hub that neither answers nor refuses): the work may
            // still finish, but this request cannot wait for it.
            TimeoutException => (StatusCodes.Status503ServiceUnavailable, "The service did not finish in time.",
                "The request took longer than the service waits (the Hub may be slow or out of reach). Try again later; a registration may still complete meanwhile.", null),

            // Endpoints answer these themselves; here for a conditional change or key an endpoint did not foresee.
            StaleRevisionException e => (StatusCodes.Status412PreconditionFailed, "It was changed by someone else meanwhile.", e.Message, null),
            RoleTooLowException e => (StatusCodes.Status403Forbidden, "Your role does not allow this.", e.Message, null),

            // Defence in depth: the API sets the tenant before any call, so this means a bug, refused all the same.
            TenantAccessDeniedException => (StatusCodes.Status403Forbidden, "Access to another organization's data was refused.", null, null),

            // The grains validate what they are given; the API checks first, so this is input it did not foresee.
            ArgumentException e => ArgumentProblem(e),
            _ => (0, null, null, (Dictionary<string, string[]>?)null),
        };
        if (status == 0)
        {
            return false;
        }

        LogRejected(logger, status, exception.Message);
        httpContext.Response.StatusCode = status;
        ProblemDetails details = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    /// <summary>The field a problem with the body as a whole is reported under.</summary>
    public const string BodyField = "body";

    /// <summary>
    /// 400 naming the JSON field that is wrong (its path without the leading <c>$.</c>) and what is wrong with it: the
    /// serializer's own message names .NET types ("could not be converted to System.Nullable`1[OrgRole]").
    /// </summary>
    private static (int, string?, string?, Dictionary<string, string[]>?) JsonProblem(System.Text.Json.JsonException e)
    {
        var field = e.Path is null or "$" ? BodyField : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
        var where = $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}";

        // A syntax error comes from the reader (its exception inside); text that is no UTF-8 (or a lone surrogate) from
        // the string it could not decode; anything else is a value the field cannot hold.
        var what = field == BodyField ? "The body" : $"'{field}'";
        var problem = e.InnerException switch
        {
            System.Text.Json.JsonException reader => $"The body is not well-formed JSON at {where}: {ReaderReason(reader.Message)}",
            InvalidOperationException text => $"{what} cannot be read ({where}): {text.Message.TrimEnd('.')}.",
            _ => $"{what} holds a value of the wrong type or out of range ({where}); the API's OpenAPI document (/openapi/v1.json) gives each field's type.",
        };
        return (StatusCodes.Status400BadRequest, "The request body is not valid JSON.", problem, new Dictionary<string, string[]> { [field] = [problem] });
    }

    // The reader's message ends with where it stopped ("… LineNumber: 0 | BytePositionInLine: 6."), said above in plain words.
    private static string ReaderReason(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd(' ', '.') + ".";
    }

    /// <summary>400 naming the argument a grain refused, without .NET's "(Parameter 'x')" suffix.</summary>
    private static (int, string?, string?, Dictionary<string, string[]>?) ArgumentProblem(ArgumentException e)
    {
        var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
        return (StatusCodes.Status400BadRequest, "The request is not valid.", message,
            e.ParamName is { } field ? new Dictionary<string, string[]> { [field] = [message] } : null);
    }

    // The exception handler has cleared the request's endpoint by now; its feature keeps the one that failed.
    private static bool ReadsJsonBody(HttpContext httpContext) =>
        httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes
            .Contains("application/json", StringComparer.OrdinalIgnoreCase) == true;

    [LoggerMessage(Level = LogLevel.Information, Message = "Request rejected with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int status, string reason);
}
