namespace Dara.Cloud.Registry.Webhooks;

/// <summary>The Hub's webhook scopes and actions (formats.md §6), and how an unknown narrower scope is read.</summary>
public static class WebhookScopes
{
    public const string Repo = "repo";
    public const string RepoContent = "repo.content";
    public const string RepoConfig = "repo.config";
    public const string Discussion = "discussion";
    public const string DiscussionComment = "discussion.comment";

    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Move = "move";

    private static readonly string[] s_known = [DiscussionComment, RepoContent, RepoConfig, Discussion, Repo];

    /// <summary>
    /// The known scope an event belongs to and the action to take it as: a known scope as sent; an unknown narrower one
    /// (<c>repo.config.dois</c>) as an <c>update</c> of its closest known parent (<c>repo.config</c>); null when not
    /// even the first segment is known.
    /// </summary>
    public static (string Scope, string Action)? Normalize(string scope, string action)
    {
        foreach (var known in s_known)
        {
            if (scope == known)
            {
                return (known, action);
            }
        }

        // s_known is ordered longest first, so the closest parent wins.
        foreach (var known in s_known)
        {
            if (scope.StartsWith(known + ".", StringComparison.Ordinal))
            {
                return (known, Update);
            }
        }

        return null;
    }

    /// <summary>Whether an event says a model's files may have changed: what registration acts on.</summary>
    public static bool ChangesContent(HubEvent hubEvent) =>
        hubEvent.RepoType == "model" && hubEvent.Scope is Repo or RepoContent;
}
