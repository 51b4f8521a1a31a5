using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dara.Cloud.Cli.Output;

namespace Dara.Cloud.Cli.Remote;

/// <summary>
/// Sends a model's files to the Dara.Cloud service: <c>POST /api/check</c> (check only) or, to register the model in
/// the key's organization, <c>POST /api/orgs/{org}/models</c>. Answers with the check document as the service wrote it
/// (on one line); every failure becomes a <see cref="RemoteCheckException"/> saying what went wrong in one line.
/// </summary>
public sealed class RemoteCheckClient(HttpClient http)
{
    /// <summary>The largest answer read: a check document is a few kilobytes, and a server that sends more is not the service.</summary>
    public const long MaxAnswerBytes = 8 * 1024 * 1024;

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

        // HttpClient.Timeout covers the request up to the answer's headers; the body is read under the same deadline,
        // so a server that trickles its answer cannot hold the command forever.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(http.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await ReadAnswerAsync(server, response, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new RemoteCheckException(Describe(server, response.StatusCode, body));
            }

            var document = ParseDocument(server, (int)response.StatusCode, body);
            return (OneLine(body), document);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteCheckException($"{server} did not answer within {http.Timeout.TotalSeconds:0} seconds.", e);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteCheckException($"cannot reach {server}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new RemoteCheckException($"the connection to {server} broke off while it answered: {e.Message}", e);
        }
    }

    /// <summary>The answer's body as text, refused beyond <see cref="MaxAnswerBytes"/> (a check document is a few kilobytes).</summary>
    private static async Task<string> ReadAnswerAsync(Uri server, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxAnswerBytes and var announced)
        {
            throw new RemoteCheckException(TooLarge(server, response, $"{announced:N0} bytes, more than"));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxAnswerBytes)
            {
                throw new RemoteCheckException(TooLarge(server, response, "an answer larger than"));
            }

            body.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
    }

    private static string TooLarge(Uri server, HttpResponseMessage response, string size) =>
        $"{server} answered {(int)response.StatusCode} with {size} the {MaxAnswerBytes:N0} bytes a check document may take: is this a Dara.Cloud server?";

    /// <summary>
    /// The answer as one line, as <c>--format json</c> prints every document: a server that indents its JSON would
    /// otherwise break the output into lines that are not JSON each. Only the layout changes, not the content.
    /// </summary>
    private static string OneLine(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonLines.Options.Encoder, Indented = false }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The check document in an answer; every part the verdict is shown from must be there.</summary>
    private static RemoteCheckDocument ParseDocument(Uri server, int status, string body)
    {
        string? problem;
        RemoteCheckDocument? document = null;
        try
        {
            document = JsonSerializer.Deserialize(body, CliJsonContext.Relaxed.RemoteCheckDocument);
            problem = document is null ? "it is null" : RemoteCheckDocumentShape.Missing(document) is { } missing ? $"it has no {missing}" : null;
        }
        catch (JsonException e)
        {
            // System.Text.Json names .NET types; the user needs to know where the answer went wrong.
            problem = e.Path is { Length: > 1 } path ? $"{path} holds a value a check document does not" : "it is not a JSON object";
        }

        return problem is null
            ? document!
            : throw new RemoteCheckException($"{server} answered {status} but not with a check document: {problem}.");
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
