using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Fingerprinting;

namespace Dara.Cloud.Analysis.Inspection;

/// <summary>What the engine knows about a model from its artifacts: what was read, the facts, the fingerprint.</summary>
public sealed record ModelReport(ModelArtifacts Artifacts, ModelFacts Facts, ArchitectureFingerprint Fingerprint)
{
    /// <summary>Derives facts and fingerprint from artifacts already read (no I/O).</summary>
    public static ModelReport From(ModelArtifacts artifacts) =>
        new(artifacts, FactsBuilder.Build(artifacts), FingerprintBuilder.Build(artifacts));
}
