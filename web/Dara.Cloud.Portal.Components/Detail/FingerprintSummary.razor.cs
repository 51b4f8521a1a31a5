using Dara.Cloud.Analysis.Reports;
using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>The architecture fingerprint in brief: hash (full in the tooltip), shape, repeated blocks, layer kinds.</summary>
public partial class FingerprintSummary
{
    /// <summary>The fingerprint from the verdict document; null while it loads.</summary>
    [Parameter]
    public FingerprintDocument? Fingerprint { get; set; }

    private string ShortHash => Fingerprint is { Hash.Length: > 12 } ? Fingerprint.Hash[..12] + "…" : Fingerprint?.Hash ?? string.Empty;
}
