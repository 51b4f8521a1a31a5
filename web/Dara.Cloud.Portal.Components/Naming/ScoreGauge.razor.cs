using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>A 0–100 naming-quality score as a ring with the number inside, coloured by band; a skeleton while null.</summary>
public partial class ScoreGauge
{
    /// <summary>The score; null while it loads.</summary>
    [Parameter]
    public int? Score { get; set; }

    /// <summary>CSS size of the ring.</summary>
    [Parameter]
    public string Diameter { get; set; } = "96px";

    [Parameter]
    public int StrokeWidth { get; set; } = 6;

    [Parameter]
    public Typo Typo { get; set; } = Typo.h5;
}
