using System.Reflection;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// How <see cref="HubClient"/> talks to a Hugging Face Hub. The client never reads the environment itself:
/// <see cref="FromEnvironment"/> does, so that tests and servers decide what the client sees.
/// </summary>
public sealed record HubClientOptions
{
    /// <summary>The public Hub.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>A token file holds one short line; anything larger is not a token.</summary>
    private const int MaxTokenFileBytes = 4096;

    /// <summary>The Hub's base address (<c>HF_ENDPOINT</c> in huggingface_hub).</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Sent as <c>Authorization: Bearer</c> when set; needed for private and gated models.</summary>
    public string? Token { get; init; }

    /// <summary>Limit for one attempt of one request (until the body is read), retries not included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Limit for opening the connection, within <see cref="Timeout"/> (huggingface_hub's default request timeout: 10 s).
    /// A Hub that does not answer the connection in time is unreachable and is not retried. It applies when the client
    /// creates its own HttpClient.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries after the first attempt on 408, 429, 500, 502, 503, 504, timeouts and broken connections (huggingface_hub:
    /// 5). A Hub that cannot be reached at all (a refused connection, a host name that does not resolve) is not retried.
    /// </summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First back-off delay, doubled per retry with jitter (huggingface_hub: 1 s).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off delay (huggingface_hub: 8 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Longest wait the client accepts from <c>Retry-After</c> or a <c>RateLimit</c> reset; the Hub's rate-limit
    /// windows are 5 minutes, so that is the default. Tests set it to milliseconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>User-Agent</c> header.</summary>
    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>Cap on one JSON answer (model info, a page of models).</summary>
    public long MaxJsonBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// When a server ignores <c>Range</c> and sends the whole file, the client reads up to the end of the wanted
    /// range, but never more than this.
    /// </summary>
    public long MaxBytesWithoutRange { get; init; } = 64 * 1024 * 1024;

    /// <summary><c>dara/&lt;version&gt;</c>, from this assembly's informational version.</summary>
    public static string DefaultUserAgent { get; } = "dara/" + EngineVersion();

    /// <summary>
    /// Options from the environment as huggingface_hub reads it: <c>HF_ENDPOINT</c>; the token from <c>HF_TOKEN</c>,
    /// else the file <c>HF_TOKEN_PATH</c>, else <c>$HF_HOME/token</c> (home resolved as in <see cref="HuggingFaceCache.HuggingFaceHome"/>).
    /// </summary>
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    public static HubClientOptions FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new HubClientOptions();
        var endpoint = environment("HF_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            if (!Uri.TryCreate(endpoint.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"HF_ENDPOINT is not an http(s) address: '{endpoint}'.");
            }

            options = options with { Endpoint = uri };
        }

        return options with { Token = TokenFromEnvironment(environment) };
    }

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The Hub endpoint must be an absolute http(s) address, not '{Endpoint}'.");
        }

        if (Timeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || MaxRetries < 0 || BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay
            || MaxRetryAfter < TimeSpan.Zero || MaxJsonBytes <= 0 || MaxBytesWithoutRange <= 0)
        {
            throw new ArgumentException("Hub client options out of range: timeouts and sizes must be positive, retries and delays not negative, MaxDelay at least BaseDelay.");
        }

        if (Token is not null && (Token.Length == 0 || Token.Any(c => c is < '!' or > '~')))
        {
            throw new ArgumentException("The Hub token must be printable ASCII without spaces.");
        }
    }

    private static string? TokenFromEnvironment(Func<string, string?> environment)
    {
        var token = environment("HF_TOKEN");
        if (!string.IsNullOrWhiteSpace(token))
        {
            return token.Trim();
        }

        var tokenPath = environment("HF_TOKEN_PATH");
        var file = string.IsNullOrWhiteSpace(tokenPath)
            ? Path.Combine(HuggingFaceCache.HuggingFaceHome(environment), "token")
            : tokenPath;
        if (!File.Exists(file))
        {
            return null;
        }

        using var stream = File.OpenRead(file);
        var buffer = new byte[MaxTokenFileBytes];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var fromFile = System.Text.Encoding.UTF8.GetString(buffer, 0, length).Trim();
        return fromFile.Length == 0 ? null : fromFile;
    }

    private static string EngineVersion()
    {
        var version = typeof(HubClientOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(HubClientOptions).Assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
