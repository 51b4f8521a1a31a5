using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>The suggested name with a copy-to-clipboard button; says so when the name already fits.</summary>
public partial class SuggestedName
{
    /// <summary>The name suggested by the verdict; null while it loads.</summary>
    [Parameter]
    public string? Suggested { get; set; }

    /// <summary>The model's current name, to tell when nothing needs renaming.</summary>
    [Parameter]
    public string? Current { get; set; }

    /// <summary>True when the verdict is "unreadable": there is no suggestion to make or copy.</summary>
    [Parameter]
    public bool Unreadable { get; set; }

    /// <summary>Raised with the text after it was copied.</summary>
    [Parameter]
    public EventCallback<string> OnCopied { get; set; }

    private bool IsUnchanged => ReviewAcceptances.NameFits(Current, Suggested);
}
