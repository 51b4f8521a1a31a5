namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// A model artifact could not be read: the message always names the file and what is wrong with it,
/// so the CLI and the API can show it as is (never a stack trace).
/// </summary>
public class ArtifactException : Exception
{
    public ArtifactException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file (path inside the model, or the source) the problem is in.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
