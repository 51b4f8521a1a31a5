using Dara.Cloud.Analysis.Reports;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>One stretch of a model name: an element's text (with the element) or the characters between elements.</summary>
public sealed record NameSegment(string Text, ElementDocument? Element);

/// <summary>Splits a name into its elements and the separators between them, so the name reads whole, as written.</summary>
public static class NameSegments
{
    /// <summary>The owner of <c>owner/name</c>, or null.</summary>
    public static string? OwnerOf(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash > 0 ? name[..slash] : null;
    }

    /// <summary>The name part of <c>owner/name</c> (everything after the last '/').</summary>
    public static string NamePartOf(string name) => name[(name.LastIndexOf('/') + 1)..];

    /// <summary>
    /// <paramref name="namePart"/> cut at <paramref name="elements"/>. The engine's elements are substrings of the name in
    /// order and never overlap, so each is found after the previous one; one that is not found (a name truncated by the
    /// parser) is still shown, in its place in the order.
    /// </summary>
    public static IReadOnlyList<NameSegment> Split(string namePart, IReadOnlyList<ElementDocument> elements)
    {
        var segments = new List<NameSegment>(elements.Count * 2 + 1);
        var position = 0;
        foreach (var element in elements)
        {
            var at = element.Text.Length == 0 ? -1 : namePart.IndexOf(element.Text, position, StringComparison.Ordinal);
            if (at < 0)
            {
                segments.Add(new NameSegment(element.Text, element));
                continue;
            }

            if (at > position)
            {
                segments.Add(new NameSegment(namePart[position..at], null));
            }

            segments.Add(new NameSegment(element.Text, element));
            position = at + element.Text.Length;
        }

        if (position < namePart.Length)
        {
            segments.Add(new NameSegment(namePart[position..], null));
        }

        return segments;
    }
}
