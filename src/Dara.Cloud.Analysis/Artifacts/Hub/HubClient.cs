using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Polly;
using Polly.Timeout;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// A small read-only client for the Hugging Face Hub: model info, model listings with cursor paging and
/// conditional requests, whole-file and ranged file reads. Retries transient failures like huggingface_hub (but not a
/// Hub that cannot be reached at all: a refused connection or a host name that does not resolve is reported at once),
/// caps every answer, and reports every failure as one clear <see cref="ArtifactException"/>.
/// </summary>
public sealed partial class HubClient : IDisposable
{
    /// <summary>HttpClient follows up to 50; a rename, then a CDN, then a storage host is three.</summary>
    private const int MaxRedirects = 10;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ResiliencePipeline _pipeline;

    /// <param name="options">Where the Hub is and how to talk to it; validated here.</param>
    /// <param name="httpClient">
    /// The client to send through (not disposed by this instance); when null, one is created and owned. Attempt
    /// timeouts come from <see cref="HubClientOptions.Timeout"/>, so a given client's own timeout should be longer. Its
    /// handler should not follow redirects itself (this client does, keeping the token on the Hub's own origin).
    /// </param>
    public HubClient(HubClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(HubConnections.CreateHandler(options.ConnectTimeout)) { Timeout = Timeout.InfiniteTimeSpan };
        _pipeline = HubResilience.Build(options);
    }

    public HubClientOptions Options { get; }

    /// <summary>
    /// <c>GET /api/models/{repoId}[/revision/{revision}]?blobs=true</c>: the model's metadata and files with sizes.
    /// </summary>
    public Task<HubModelInfo> GetModelInfoAsync(string repoId, string? revision = null, CancellationToken cancellationToken = default)
    {
        HubRepoId.Validate(repoId);
        var target = HubTarget.Model(repoId, revision);
        var url = HubUrls.ModelInfo(Options.Endpoint, repoId, revision);
        return SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, url),
            target,
            async (response, token) =>
            {
                EnsureSuccess(response, target);
                var json = await ReadJsonAsync(response, target, token).ConfigureAwait(false);
                return HubModelInfoParser.ParseModel(json, target.Reference);
            },
            cancellationToken);
    }

    /// <summary>Every model matching <paramref name="query"/>, following the <c>Link: rel="next"</c> cursor from page to page.</summary>
    public async IAsyncEnumerable<HubModelInfo> ListModelsAsync(
        HubModelQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        if (query.MaxResults <= 0)
        {
            yield break;
        }

        var returned = 0;
        Uri? pageUrl = HubUrls.ModelList(Options.Endpoint, query);
        var visited = new HashSet<Uri>();
        while (pageUrl is not null)
        {
            // A cursor that leads back to a page already read would list the same models forever.
            if (!visited.Add(pageUrl))
            {
                throw new ArtifactException($"Hub listing {pageUrl.PathAndQuery}", "the Hub's next-page link leads back to a page already read; stopping");
            }

            var page = await GetModelPageAsync(pageUrl, ifNoneMatch: null, cancellationToken).ConfigureAwait(false);
            foreach (var model in page.Models)
            {
                if (returned == query.MaxResults)
                {
                    yield break;
                }

                returned++;
                yield return model;
            }

            pageUrl = page.NextPage;
        }
    }

    /// <summary>The first page of <paramref name="query"/>; with <paramref name="ifNoneMatch"/> a 304 comes back as <see cref="HubModelPage.NotModified"/>.</summary>
    public Task<HubModelPage> GetModelPageAsync(HubModelQuery query, string? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        return GetModelPageAsync(HubUrls.ModelList(Options.Endpoint, query), ifNoneMatch, cancellationToken);
    }

    /// <summary>A page by address (a <see cref="HubModelPage.NextPage"/>), which must be on the configured Hub.</summary>
    public Task<HubModelPage> GetModelPageAsync(Uri pageUrl, string? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        var target = HubTarget.ModelListing($"Hub listing {pageUrl.PathAndQuery}");

        // The token goes only to the configured Hub, never to whatever host a Link header names.
        if (!pageUrl.IsAbsoluteUri || !HubUrls.IsSameOrigin(Options.Endpoint, pageUrl))
        {
            throw new ArtifactException(target.Subject, $"the page address {pageUrl} is not on the Hub at {Options.Endpoint}; not following it");
        }

        return SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, pageUrl);
                if (ifNoneMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
                }

                return request;
            },
            target,
            async (response, token) =>
            {
                var etag = response.Headers.ETag?.ToString();
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return new HubModelPage([], null, etag ?? ifNoneMatch, NotModified: true);
                }

                EnsureSuccess(response, target);
                var json = await ReadJsonAsync(response, target, token).ConfigureAwait(false);
                var models = HubModelInfoParser.ParseModelList(json, target.Subject);
                return new HubModelPage(models, LinkHeader.Next(response, pageUrl), etag, NotModified: false);
            },
            cancellationToken);
    }

    /// <summary>
    /// <c>GET /{repoId}/resolve/{revision}/{path}</c>: a whole file, refused by <c>Content-Length</c> before
    /// reading and cut off while streaming once it passes <paramref name="maxBytes"/>.
    /// </summary>
    public Task<byte[]> DownloadFileAsync(
        string repoId, string revision, string path, long maxBytes, ReadStatistics? statistics = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var target = FileTarget(repoId, revision, path);
        var url = HubUrls.Resolve(Options.Endpoint, repoId, revision, path);
        return SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, url),
            target,
            async (response, token) =>
            {
                EnsureSuccess(response, target);
                var bytes = await CappedContent.ReadAllAsync(response, maxBytes, size => LocalFileReader.TooLarge(path, maxBytes, size), token)
                    .ConfigureAwait(false);
                statistics?.Record(bytes.Length);
                return bytes;
            },
            cancellationToken);
    }

    /// <summary>
    /// One request with <c>Range: bytes=offset-(offset+count-1)</c>. The total length comes from the 206's
    /// <c>Content-Range</c>; a server that ignores the range and answers 200 is read only up to the end of the
    /// wanted range (at most <see cref="HubClientOptions.MaxBytesWithoutRange"/>) and its length taken from
    /// <c>Content-Length</c>.
    /// </summary>
    public Task<RangeRead> DownloadRangeAsync(
        string repoId, string revision, string path, long offset, int count, ReadStatistics? statistics = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var target = FileTarget(repoId, revision, path);
        var url = HubUrls.Resolve(Options.Endpoint, repoId, revision, path);

        // HTTP cannot ask for zero bytes; ask for one and return none.
        var last = offset + Math.Max(count, 1) - 1;
        return SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Range = new RangeHeaderValue(offset, last);
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
                return request;
            },
            target,
            (response, token) => response.StatusCode switch
            {
                HttpStatusCode.PartialContent => ReadPartialAsync(response, target, offset, count, statistics, token),
                HttpStatusCode.OK => ReadIgnoredRangeAsync(response, target, offset, count, statistics, token),
                HttpStatusCode.RequestedRangeNotSatisfiable when response.Content.Headers.ContentRange?.Length is { } total && offset >= total =>
                    Task.FromResult(new RangeRead(ReadOnlyMemory<byte>.Empty, total)),
                _ => throw HubErrors.FromResponse(response, target),
            },
            cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HubTarget FileTarget(string repoId, string revision, string path)
    {
        HubRepoId.Validate(repoId);
        ArtifactPaths.Validate(path);
        if (!HubRepoId.IsValidRevision(revision))
        {
            throw new ArtifactException($"hf:{repoId}", $"'{revision}' is not a valid revision (a branch, tag or commit)");
        }

        return HubTarget.File(repoId, revision, path);
    }

    private static async Task<RangeRead> ReadPartialAsync(
        HttpResponseMessage response, HubTarget target, long offset, int count, ReadStatistics? statistics, CancellationToken cancellationToken)
    {
        var range = response.Content.Headers.ContentRange;
        if (range is not { From: { } from, To: { } to, Length: { } total } || from != offset)
        {
            throw new ArtifactException(target.Subject,
                $"the Hub's 206 answer has Content-Range '{range}', not a range starting at byte {offset} with a total length");
        }

        var wanted = (int)Math.Clamp(total - offset, 0, count);

        // A server may legally send less than asked; the contract promises short reads only at the end of the file.
        if (to - from + 1 < wanted)
        {
            throw new ArtifactException(target.Subject,
                $"the Hub sent bytes {from}-{to} of {total} when bytes {offset}-{offset + wanted - 1} were asked for");
        }

        var buffer = new byte[wanted];
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var read = await CappedContent.ReadUpToAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
        statistics?.Record(read);

        // The body ended before the range its Content-Range promised: a cut-off answer, retried like one (a short
        // read here would pass for the end of the file).
        if (read < wanted)
        {
            throw new IOException($"the Hub's 206 answer for bytes {from}-{to} ended after {read:N0} of {wanted:N0} bytes");
        }

        return new RangeRead(buffer, total);
    }

    private async Task<RangeRead> ReadIgnoredRangeAsync(
        HttpResponseMessage response, HubTarget target, long offset, int count, ReadStatistics? statistics, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is not { } total)
        {
            throw new ArtifactException(target.Subject, "the Hub ignored the Range request and sent no Content-Length");
        }

        var needed = Math.Min(total, offset + count);
        if (needed > Options.MaxBytesWithoutRange)
        {
            throw new ArtifactException(target.Subject,
                $"the Hub ignored the Range request; reaching bytes {offset}-{offset + count - 1} would mean reading {needed:N0} bytes, "
                + $"more than the {Options.MaxBytesWithoutRange:N0}-byte limit");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var skipped = await CappedContent.SkipAsync(stream, Math.Min(offset, total), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[(int)Math.Clamp(total - offset, 0, count)];
        var read = await CappedContent.ReadUpToAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
        statistics?.Record(skipped + read);
        return new RangeRead(buffer.AsMemory(0, read), total);
    }

    private async Task<byte[]> ReadJsonAsync(HttpResponseMessage response, HubTarget target, CancellationToken cancellationToken) =>
        await CappedContent.ReadAllAsync(
                response,
                Options.MaxJsonBytes,
                size => new ArtifactException(target.Subject, $"the Hub's answer is {size:N0} bytes or more, over the {Options.MaxJsonBytes:N0}-byte limit"),
                cancellationToken)
            .ConfigureAwait(false);

    private static void EnsureSuccess(HttpResponseMessage response, HubTarget target)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw HubErrors.FromResponse(response, target);
        }
    }

    /// <summary>
    /// Runs one logical request through the retry and timeout pipeline. Each attempt sends a fresh request and reads
    /// its answer inside the attempt, so a slow or cut-off body is retried like a failed connection.
    /// </summary>
    private async Task<T> SendAsync<T>(
        Func<HttpRequestMessage> createRequest,
        HubTarget target,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readResponse,
        CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = createRequest();
                    Authorize(request);
                    try
                    {
                        using var response = await SendFollowingRedirectsAsync(request, token).ConfigureAwait(false);
                        if (HubResilience.IsTransient(response.StatusCode))
                        {
                            throw new HubTransientStatusException(response.StatusCode, response.ReasonPhrase, HubResilience.ServerDelay(response));
                        }

                        return await readResponse(response, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException e) when (!token.IsCancellationRequested)
                    {
                        // Cancelled by neither the caller nor the attempt timeout: the HttpClient's own timeout fired.
                        throw new TimeoutException("The HTTP client timed out.", e);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (HubTransientStatusException e)
        {
            throw HubErrors.FromTransient(e, target, attempts);
        }
        catch (Exception e) when (e is TimeoutRejectedException or TimeoutException)
        {
            throw new HubUnavailableException(target.Subject,
                $"the Hub at {Options.Endpoint.Authority} did not answer within {Options.Timeout.TotalSeconds:0.###} s {HubErrors.Attempts(attempts)}", e);
        }
        catch (HttpRequestException e) when (HubResilience.IsUnreachable(e))
        {
            throw new HubUnavailableException(target.Subject,
                $"could not reach the Hub at {Options.Endpoint.Authority}: {OneLine(e.Message)} {HubErrors.UnreachableAttempts(attempts)}", e);
        }
        catch (HttpRequestException e)
        {
            throw new HubUnavailableException(target.Subject,
                $"could not reach the Hub at {Options.Endpoint.Authority}: {OneLine(e.Message)} {HubErrors.Attempts(attempts)}", e);
        }
        catch (IOException e)
        {
            throw new HubUnavailableException(target.Subject,
                $"the connection to the Hub at {Options.Endpoint.Authority} broke while reading the answer: {OneLine(e.Message)} {HubErrors.Attempts(attempts)}", e);
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and follows redirects here rather than in the handler: .NET drops the
    /// <c>Authorization</c> header on every redirect it follows, so a renamed private repository (the Hub answers 307 to
    /// its new id, on its own origin) read as missing. The token goes along only to the Hub's own origin, never to a CDN.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var current = request;
        for (var redirects = 0; redirects < MaxRedirects && IsRedirect(response.StatusCode) && response.Headers.Location is { } location; redirects++)
        {
            var target = new Uri(current.RequestUri!, location);
            response.Dispose();
            var next = new HttpRequestMessage(current.Method, target);
            foreach (var header in current.Headers.Where(header => header.Key != "Authorization"))
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (HubUrls.IsSameOrigin(Options.Endpoint, target) && Options.Token is { } token)
            {
                next.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (current != request)
            {
                current.Dispose();
            }

            current = next;
            response = await _http.SendAsync(next, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }

        // More redirects than that is a loop: the 3xx itself is reported as the Hub's answer.
        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private void Authorize(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        if (Options.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static string OneLine(string message) => WhitespacePattern().Replace(message, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
