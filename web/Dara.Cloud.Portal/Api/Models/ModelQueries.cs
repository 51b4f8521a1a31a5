using Dara.Cloud.Analysis.Checks;

namespace Dara.Cloud.Portal.Api.Models;

/// <summary>Validates a model listing's query and turns it into the grain's <see cref="ModelQuery"/>.</summary>
internal static class ModelQueries
{
    public const int MaxPageSize = 200;
    private const int MaxTextLength = 200;

    private static readonly string[] Verdicts = ["ok", "suspicious", "misnamed", "unreadable", ModelQuery.Flagged];
    private static readonly string[] Sorts = ["score", "-score", "name", "-name", "analyzed", "-analyzed"];

    public static (ModelQuery? Query, Dictionary<string, string[]> Errors) Parse(ModelListQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors[field] = [message];
            }
        }

        Check(query.Verdict is null || Verdicts.Contains(query.Verdict), "verdict", $"Use one of: {string.Join(", ", Verdicts)}.");
        Check(query.Review is null || ReviewActions.Statuses.Contains(query.Review), "review", $"Use one of: {string.Join(", ", ReviewActions.Statuses)}.");
        Check(query.Finding is null || FindingCodes.All.Contains(query.Finding), "finding", $"Use one of: {string.Join(", ", FindingCodes.All)}.");
        Check(query.Q is null || query.Q.Length <= MaxTextLength, "q", $"Use at most {MaxTextLength} characters.");
        Check(query.Author is null || query.Author.Length <= 96, "author", "Use at most 96 characters.");
        Check(query.Assignee is null || query.Assignee.Length <= ReviewActions.MaxAssigneeLength, "assignee", $"Use at most {ReviewActions.MaxAssigneeLength} characters.");
        Check(query.MinScore is null or (>= 0 and <= 100), "minScore", "Use 0-100.");
        Check(query.MaxScore is null or (>= 0 and <= 100), "maxScore", "Use 0-100.");
        Check(query.MinScore is null || query.MaxScore is null || query.MinScore <= query.MaxScore, "minScore", "minScore cannot exceed maxScore.");
        Check(query.Sort is null || Sorts.Contains(query.Sort), "sort", $"Use one of: {string.Join(", ", Sorts)}.");
        Check(query.Page is null or (>= 1 and <= 1_000_000), "page", "Pages start at 1.");
        Check(query.PageSize is null or (>= 1 and <= MaxPageSize), "pageSize", $"Use 1-{MaxPageSize}.");
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ModelQuery(
            query.Verdict,
            query.Finding,
            string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim(),
            string.IsNullOrWhiteSpace(query.Author) ? null : query.Author.Trim(),
            query.MinScore,
            query.MaxScore,
            query.Sort ?? "-analyzed",
            query.Page ?? 1,
            query.PageSize ?? 25,
            query.Review,
            string.IsNullOrWhiteSpace(query.Assignee) ? null : query.Assignee.Trim()), errors);
    }
}
