using Dara.Cloud.Analysis;
using Dara.Cloud.Analysis.Checks;

namespace Dara.Cloud.Grains.Analysis;

/// <summary>The engine version verdicts are stamped with; a model whose verdict has another is analysed again.</summary>
public interface IEngineIdentity
{
    string Version { get; }
}

/// <summary>
/// This build's engine: <see cref="EngineInfo.Version"/>, and the classifier's version when the checks consult one
/// (<c>1.0.0+3fa94c01b2de.classifier-5d1e0c9a7b42</c>), so that retraining the classifier re-analyses models as a
/// vocabulary change does.
/// </summary>
public sealed class EngineIdentity(IArchitecturePredictor? predictor = null) : IEngineIdentity
{
    public string Version { get; } = predictor is null ? EngineInfo.Version : $"{EngineInfo.Version}.{predictor.Version}";
}
