using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dara.Cloud.Cli.Output;

namespace Dara.Cloud.Cli.Remote;

/// <summary>
/// Sends a model's files to the Dara.Cloud service: <c>POST /api/check</c> (check only) or, to register the model in
/// the key's organization, <c>POST /api/orgs/{org}/models</c>. Answers with the check document exactly as the service
/// wrote it; every failure becomes a <see cref="RemoteCheckException"/> saying what went wrong in one line.
/// </summary>
public sealed class RemoteCheckClient(HttpClient http)
{
    /// <summary>Part header telling the service the full length of a file whose head alone is sent.</summary>
    public const string FileLengthHeader = "X-File-Length";

    /// <summary>The organization an API key (<c>dara_&lt;org&gt;_&lt;secret&gt;</c>) belongs to, or null when it is not such a key.</summary>
    public static string? OrganizationOf(string apiKey)
    {
        const string prefix = "dara_";
        var end = apiKey.StartsWith(prefix, StringComparison.Ordinal) ? apiKey.IndexOf('_', prefix.Length) : -1;
        return end > prefix.Length ? apiKey[prefix.Length..end] : null;
    }

    /// <summary>Uploads and returns the check document's JSON and its parsed form.</summary>
    public async Task<(string Json, RemoteCheckDocument Document)> CheckAsync(
        Uri server, string apiKey, string name, IReadOnlyList<UploadFile> files, bool register, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(files);
        var path = "api/check";
        if (register)
        {
            path = OrganizationOf(apiKey) is { } org
                ? $"api/orgs/{Uri.EscapeDataString(org)}/models"
                : throw new RemoteCheckException("--register needs an organization API key (dara_<org>_…): the organization comes from the key.");
        }

        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(name, Encoding.UTF8), "name");
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            if (file.IsHead)
            {
                part.Headers.Add(FileLengthHeader, file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            content.Add(part, "files", file.Path);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(WithTrailingSlash(server), path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteCheckException($"{server} did not answer within {http.Timeout.TotalSeconds:0} seconds.", e);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteCheckException($"cannot reach {server}: {e.Message}", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new RemoteCheckException(Describe(server, response.StatusCode, body));
            }

            try
            {
                var document = JsonSerializer.Deserialize(body, CliJsonContext.Relaxed.RemoteCheckDocument)
                    ?? throw new JsonException("the answer is null");
                return (body, document);
            }
            catch (JsonException e)
            {
                throw new RemoteCheckException($"{server} answered {(int)response.StatusCode} but not with a check document: {e.Message}", e);
            }
        }
    }

    private static string Describe(Uri server, HttpStatusCode status, string body)
    {
        var problem = TryParseProblem(body);
        // A bare status title ("Unauthorized") says nothing the sentence above does not.
        var title = string.Equals(problem?.Title?.Replace(" ", string.Empty, StringComparison.Ordinal), status.ToString(), StringComparison.OrdinalIgnoreCase)
            ? null
            : problem?.Title;
        var said = problem is null ? string.Empty
            : string.Join(" ", new[] { title, problem.Detail }.Where(s => !string.IsNullOrWhiteSpace(s)).Concat(
                problem.Errors?.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")) ?? []));
        var what = status switch
        {
            HttpStatusCode.Unauthorized => "the server refused the API key (401): it is unknown, revoked or malformed",
            HttpStatusCode.Forbidden => "the API key may not do this (403)",
            HttpStatusCode.NotFound => "not found (404): is this a Dara.Cloud server, and does the key's organization exist?",
            HttpStatusCode.RequestEntityTooLarge => "the upload is too large for the server (413)",
            HttpStatusCode.BadRequest => "the server rejected the upload (400)",
            >= HttpStatusCode.InternalServerError => $"the server failed ({(int)status}); try again later",
            _ => $"the server answered {(int)status} {status}",
        };
        return said.Length > 0 ? $"{what}: {said}" : $"{what} ({server})";
    }

    private static ProblemDocument? TryParseProblem(string body)
    {
        try
        {
            return body.Length > 0 ? JsonSerializer.Deserialize(body, CliJsonContext.Relaxed.ProblemDocument) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Uri WithTrailingSlash(Uri server) =>
        server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
}
