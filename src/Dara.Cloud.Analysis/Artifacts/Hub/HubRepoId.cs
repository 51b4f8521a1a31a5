using System.Text.RegularExpressions;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// Hub repository ids (<c>name</c> or <c>namespace/name</c>) and revisions, checked with the rules of
/// huggingface_hub's <c>validate_repo_id</c> but with an explicit ASCII class: Python's <c>\w</c> is Unicode-aware
/// and the Hub documents ASCII letters, digits, '-', '_' and '.' only.
/// </summary>
public static partial class HubRepoId
{
    /// <summary>The prefix that marks a Hub reference on the command line: <c>hf:owner/name[@revision]</c>.</summary>
    public const string ReferencePrefix = "hf:";

    /// <summary>True when <paramref name="repoId"/> is a valid Hub repository id.</summary>
    public static bool IsValid(string? repoId) =>
        repoId is not null
        && RepoIdPattern().IsMatch(repoId)
        && !repoId.Contains("--", StringComparison.Ordinal)
        && !repoId.Contains("..", StringComparison.Ordinal)
        && !repoId.EndsWith(".git", StringComparison.Ordinal);

    /// <summary>Returns <paramref name="repoId"/> when valid, else throws <see cref="ArtifactException"/> naming <paramref name="subject"/>.</summary>
    public static string Validate(string repoId, string? subject = null) =>
        IsValid(repoId)
            ? repoId
            : throw new ArtifactException(subject ?? repoId,
                "is not a valid Hub repository id (expected owner/name with letters, digits, '-', '_' or '.', "
                + "name at most 96 characters, not starting or ending with '-' or '.', without '--' or '..')");

    /// <summary>
    /// True when <paramref name="revision"/> is a branch, tag, <c>refs/pr/N</c> or commit name that is safe both in a
    /// URL and as a path under a cache's <c>refs/</c> folder.
    /// </summary>
    public static bool IsValidRevision(string? revision) =>
        revision is not null
        && RevisionPattern().IsMatch(revision)
        && !revision.Split('/').Any(segment => segment is "" or "." or "..");

    /// <summary>True when <paramref name="revision"/> is a full 40-hex commit id.</summary>
    public static bool IsCommitHash(string? revision) => revision is not null && CommitPattern().IsMatch(revision);

    /// <summary>Parses <c>hf:owner/name[@revision]</c>; throws <see cref="ArtifactException"/> naming the argument when invalid.</summary>
    public static (string RepoId, string? Revision) ParseReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!reference.StartsWith(ReferencePrefix, StringComparison.Ordinal))
        {
            throw new ArtifactException(reference, $"is not a Hub reference (expected {ReferencePrefix}owner/name[@revision])");
        }

        var body = reference[ReferencePrefix.Length..];
        var at = body.IndexOf('@', StringComparison.Ordinal);
        var repoId = at < 0 ? body : body[..at];
        var revision = at < 0 ? null : body[(at + 1)..];
        Validate(repoId, reference);
        if (revision is not null && !IsValidRevision(revision))
        {
            throw new ArtifactException(reference, $"'{revision}' is not a valid revision (a branch, tag or commit)");
        }

        return (repoId, revision);
    }

    [GeneratedRegex(@"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?/)?(?=[A-Za-z0-9_.\-]{1,96}$)[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-/]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex RevisionPattern();

    [GeneratedRegex("^[0-9a-f]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitPattern();
}
