using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>A score as a small outlined chip coloured by band, for lists and grids; a skeleton while null.</summary>
public partial class ScoreBadge
{
    [Parameter]
    public int? Score { get; set; }
}
