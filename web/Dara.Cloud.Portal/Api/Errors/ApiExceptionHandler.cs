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
            BadHttpRequestException e => (e.StatusCode, "The request is not valid.", e.Message, null),
            InvalidDataException e => (StatusCodes.Status400BadRequest, "The request body is malformed.", e.Message, null),
            System.Text.Json.JsonException e => (StatusCodes.Status400BadRequest, "The request body is not valid JSON.", e.Message, null),

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
            ArgumentException e => (StatusCodes.Status400BadRequest, "The request is not valid.", e.Message, null),
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Request rejected with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int status, string reason);
}
