using Dara.Cloud.Analysis;

namespace Dara.Cloud.Grains.Analysis;

/// <summary>The engine version verdicts are stamped with; a model whose verdict has another is analysed again.</summary>
public interface IEngineIdentity
{
    string Version { get; }
}

/// <summary>This build's engine: <see cref="EngineInfo.Version"/>.</summary>
public sealed class EngineIdentity : IEngineIdentity
{
    public string Version => EngineInfo.Version;
}
