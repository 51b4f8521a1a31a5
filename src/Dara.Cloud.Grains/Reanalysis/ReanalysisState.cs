namespace Dara.Cloud.Grains.Reanalysis;

/// <summary>What an organization's re-analysis grain keeps: the running or last job.</summary>
[GenerateSerializer, Immutable, Alias("dara.reanalysis-state")]
internal sealed record ReanalysisState
{
    /// <summary>Null until the organization runs its first job.</summary>
    [Id(0)]
    public ReanalysisJob? Job { get; init; }
}
