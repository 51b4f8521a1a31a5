namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// Tells what accepting a model's review means, for the model page's review panel (which offers the step only when
/// there is something to accept, under a label that says what) and for the API and the page's step (which refuse an
/// accept with nothing to accept).
/// </summary>
public static class ReviewAcceptances
{
    // The one definition of "flagged" (misnamed or suspicious), the models list's filter's.
    private static readonly ModelQuery s_flagged = new(Verdict: ModelQuery.Flagged);

    /// <summary>
    /// Whether <paramref name="suggested"/> is the <paramref name="current"/> name, as the suggested-name panel says
    /// "The name already fits": exactly, owner included, letter case counting (a suggestion that only changes case is a
    /// rename on the Hub).
    /// </summary>
    public static bool NameFits(string? current, string? suggested) =>
        current is not null && string.Equals(current, suggested, StringComparison.Ordinal);

    /// <summary>What accepting takes for a model named <paramref name="current"/> whose verdict is <paramref name="verdict"/>.</summary>
    public static ReviewAcceptance Of(string current, string suggested, string verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        // An unreadable verdict suggests the name it was given: there is no rename in it, whatever that name is.
        return !NameFits(current, suggested) && verdict != "unreadable" ? ReviewAcceptance.Rename
            : s_flagged.VerdictMatches(verdict) ? ReviewAcceptance.Findings
            : ReviewAcceptance.Nothing;
    }

    /// <summary>What accepting takes for <paramref name="model"/> as it is: its current verdict judged its id (owner/name).</summary>
    public static ReviewAcceptance Of(ModelView model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Current is { } verdict ? Of(model.Key.RepoId, verdict.SuggestedName, verdict.Verdict) : ReviewAcceptance.Nothing;
    }

    /// <summary>The accept button's label, or null when there is nothing to accept.</summary>
    public static string? Label(ReviewAcceptance acceptance) => acceptance switch
    {
        ReviewAcceptance.Rename => "Accept the rename",
        ReviewAcceptance.Findings => "Accept the findings",
        _ => null,
    };

    /// <summary>Why an accept step cannot be taken on <paramref name="model"/> as it is, or null when it can.</summary>
    public static string? AcceptProblem(ModelView model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Of(model) == ReviewAcceptance.Nothing
            ? $"There is nothing to accept: {model.Key.RepoId}'s name already fits and its verdict flags nothing."
            : null;
    }
}
