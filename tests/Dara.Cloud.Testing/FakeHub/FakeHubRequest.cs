namespace Dara.Cloud.Testing.FakeHub;

/// <summary>One request the fake Hub received, as logged before any fault or authorization check.</summary>
/// <param name="Method">GET, HEAD, ...</param>
/// <param name="Path">The request path (percent-decoded except %2F).</param>
/// <param name="Query">The query string with its '?', or empty.</param>
/// <param name="Range">The <c>Range</c> header, when sent.</param>
/// <param name="Authorization">The <c>Authorization</c> header, when sent.</param>
/// <param name="IfNoneMatch">The <c>If-None-Match</c> header, when sent.</param>
/// <param name="UserAgent">The <c>User-Agent</c> header, when sent.</param>
public sealed record FakeHubRequest(
    string Method, string Path, string Query, string? Range, string? Authorization, string? IfNoneMatch, string? UserAgent)
{
    /// <summary>True for a file download (<c>/resolve/</c>).</summary>
    public bool IsResolve => Path.Contains("/resolve/", StringComparison.Ordinal);
}
