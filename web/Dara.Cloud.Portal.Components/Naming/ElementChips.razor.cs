using System.Globalization;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Analysis.Reports;
using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>
/// A model name broken into coloured chips, one per naming element, with the separators between them as written.
/// Each chip's tooltip says what the code means and the element's normalised value. A null name shows a skeleton.
/// </summary>
public partial class ElementChips
{
    private string? _owner;
    private IReadOnlyList<NameSegment> _segments = [];

    /// <summary>The name (<c>owner/name</c> or the name alone); null while it loads.</summary>
    [Parameter]
    public string? Name { get; set; }

    /// <summary>The elements from the verdict document; when null the name is parsed here with the engine's parser.</summary>
    [Parameter]
    public IReadOnlyList<ElementDocument>? Elements { get; set; }

    /// <summary>Whether to show the owner before the name (greyed).</summary>
    [Parameter]
    public bool ShowOwner { get; set; } = true;

    protected override void OnParametersSet()
    {
        if (Name is null)
        {
            _owner = null;
            _segments = [];
            return;
        }

        _owner = NameSegments.OwnerOf(Name);
        var elements = Elements ?? ElementDocument.From(NameParser.Default.Parse(Name));
        // A name without elements is said so plainly rather than shown as bare text.
        _segments = elements.Count == 0 ? [] : NameSegments.Split(NameSegments.NamePartOf(Name), elements);
    }

    /// <summary>"A — Architecture: bert": the code, what it means and the normalised value.</summary>
    public static string TooltipOf(ElementDocument element)
    {
        var style = ElementPalette.Of(element.Code);
        return $"{element.Code} — {style.Meaning}: {ValueText(element)}";
    }

    private static string ValueText(ElementDocument element) =>
        element.Code == "P" && long.TryParse(element.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? $"{count.ToString("N0", CultureInfo.InvariantCulture)} parameters"
            : element.Value;
}
