using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// A read-only value someone has to paste elsewhere (a secret shown once, a webhook address), with a copy button that
/// says whether the browser let it copy.
/// </summary>
public partial class CopyableField
{
    [Parameter, EditorRequired]
    public string Value { get; set; } = string.Empty;

    /// <summary>The field's visible label, if any.</summary>
    [Parameter]
    public string? Label { get; set; }

    /// <summary>What the field holds, for screen readers.</summary>
    [Parameter, EditorRequired]
    public string AriaLabel { get; set; } = string.Empty;

    /// <summary>The copy button's tooltip and accessible name.</summary>
    [Parameter]
    public string CopyLabel { get; set; } = "Copy";

    /// <summary>Names the parts for styles and tests: <c>{prefix}-value</c> (the field) and <c>{prefix}-copy</c> (the button).</summary>
    [Parameter, EditorRequired]
    public string ClassPrefix { get; set; } = string.Empty;
}
