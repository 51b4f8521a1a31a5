namespace Dara.Cloud.Portal.Components.Grid;

/// <summary>What the models grid's filter controls hold; <see cref="ModelQueryMapping"/> turns it into a <see cref="ModelQuery"/>.</summary>
/// <param name="Verdict">ok, suspicious, misnamed or unreadable.</param>
/// <param name="Finding">A finding code the model must have.</param>
/// <param name="Text">Text in owner/name or the suggested name.</param>
/// <param name="Author">The owner part of the model id.</param>
/// <param name="MinScore">Lowest score, 0–100.</param>
/// <param name="MaxScore">Highest score, 0–100.</param>
/// <param name="Review">The review's status: open, assigned, accepted or dismissed.</param>
/// <param name="Assignee">The user id the review is assigned to.</param>
public sealed record ModelFilters(
    string? Verdict = null,
    string? Finding = null,
    string? Text = null,
    string? Author = null,
    int? MinScore = null,
    int? MaxScore = null,
    string? Review = null,
    string? Assignee = null)
{
    public static ModelFilters None { get; } = new();

    public bool IsEmpty => Normalised() == None;

    /// <summary>
    /// Blank text is no filter; text is trimmed; scores are clamped to 0–100 and put in order, so a user who typed the
    /// bounds the wrong way round still gets the range they meant.
    /// </summary>
    public ModelFilters Normalised()
    {
        var min = MinScore is { } low ? Math.Clamp(low, 0, 100) : (int?)null;
        var max = MaxScore is { } high ? Math.Clamp(high, 0, 100) : (int?)null;
        if (min > max)
        {
            (min, max) = (max, min);
        }

        return new ModelFilters(Blank(Verdict), Blank(Finding), Blank(Text), Blank(Author), min, max, Blank(Review), Blank(Assignee));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
