namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// The Hub could not be reached or kept failing (a timeout, a refused or broken connection, 429/5xx after every retry).
/// Unlike a model that is missing or malformed, this passes: callers keep what they had and try again later rather than
/// record the model as unreadable.
/// </summary>
public sealed class HubUnavailableException(string file, string problem, Exception? inner = null) : ArtifactException(file, problem, inner);
