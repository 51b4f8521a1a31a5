namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// The Hub has no such model, or will not show it (private or gated without a valid token). Unlike an unreadable
/// model, there is nothing to record: a registration is refused and the watcher skips a model deleted since it listed it.
/// </summary>
public sealed class HubRepoNotFoundException(string file, string problem) : ArtifactException(file, problem);
