using System.Net;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// Turns an unsuccessful Hub answer into one clear <see cref="ArtifactException"/>, using the Hub's
/// <c>X-Error-Code</c> and <c>X-Error-Message</c> headers as huggingface_hub's <c>hf_raise_for_status</c> does.
/// </summary>
internal static class HubErrors
{
    public const string InvalidCredentialsMessage = "Invalid credentials in Authorization header";
    public const string DisabledMessage = "Access to this resource is disabled.";

    /// <summary>Server messages are shown to users: keep them to one short line.</summary>
    private const int MaxServerMessageLength = 200;

    public static ArtifactException FromResponse(HttpResponseMessage response, HubTarget target)
    {
        var code = Header(response, "X-Error-Code");
        var message = Header(response, "X-Error-Message");
        var status = response.StatusCode;
        var model = target.RepoId is null ? target.Reference : $"hf:{target.RepoId}";

        if (status == HttpStatusCode.Unauthorized && message == InvalidCredentialsMessage)
        {
            return new ArtifactException(model, "the Hub refused the token (invalid credentials in the Authorization header)");
        }

        if (message == DisabledMessage)
        {
            return new ArtifactException(model, "the model is disabled on the Hub");
        }

        return code switch
        {
            "GatedRepo" => new ArtifactException(model,
                "is a gated model: accept its conditions on the Hub and use a token (HF_TOKEN) that has access to it"),
            "RevisionNotFound" => new ArtifactException(model, $"the Hub has no revision '{target.Revision}' of this model"),
            "EntryNotFound" when target.Path is not null => new ArtifactException(target.Path, $"no such file in {target.Reference}"),
            "RepoNotFound" => RepoNotFound(model),

            // The Hub answers 401 alike for private, gated and missing repositories when no valid token is sent.
            _ when status == HttpStatusCode.Unauthorized && target.RepoId is not null => RepoNotFound(model),
            _ when status == HttpStatusCode.NotFound && target.Path is not null => new ArtifactException(target.Path, $"no such file in {target.Reference}"),
            _ when status == HttpStatusCode.NotFound && target.RepoId is not null => RepoNotFound(model),
            _ when status == HttpStatusCode.Forbidden => new ArtifactException(target.Subject, "the Hub denied access (403)" + Detail(message)),
            _ => new ArtifactException(target.Subject, $"the Hub answered {(int)status} {response.ReasonPhrase}".TrimEnd() + Detail(message)),
        };
    }

    public static HubUnavailableException FromTransient(HubTransientStatusException exception, HubTarget target, int attempts) =>
        new(target.Subject, $"the Hub answered {(int)exception.StatusCode} {exception.Reason}".TrimEnd() + $" {Attempts(attempts)}", exception);

    public static string Attempts(int attempts) => attempts == 1 ? "(1 attempt, no retries)" : $"(after {attempts} attempts)";

    /// <summary>How many attempts were made when the last found the Hub unreachable, and why that one was not retried.</summary>
    public static string UnreachableAttempts(int attempts) =>
        (attempts == 1 ? "(1 attempt" : $"(after {attempts} attempts") + "; a Hub that cannot be reached is not retried)";

    private static HubRepoNotFoundException RepoNotFound(string model) =>
        new(model, "no such model on the Hub, or it is private or gated and no valid token was given");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Detail(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "";
        }

        var oneLine = string.Join(' ', message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return ": " + (oneLine.Length > MaxServerMessageLength ? oneLine[..MaxServerMessageLength] + "..." : oneLine);
    }
}
