using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>A verdict as a coloured chip with an icon (ok green, suspicious amber, misnamed red); a skeleton while null.</summary>
public partial class VerdictChip
{
    /// <summary>ok, suspicious, misnamed or unreadable; null while it loads.</summary>
    [Parameter]
    public string? Verdict { get; set; }

    [Parameter]
    public Size Size { get; set; } = Size.Small;
}
