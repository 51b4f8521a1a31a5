using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Cli.Commands;

/// <summary>Where the training data is: <c>--data</c>, else the <c>DARA_REAL_DATA</c> variable the tests also use.</summary>
internal static class RealDataRoot
{
    public const string Variable = "DARA_REAL_DATA";

    /// <exception cref="ArtifactException">Neither is set, or the folder does not exist.</exception>
    public static string Resolve(string? option)
    {
        var root = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(Variable) : option;
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArtifactException("--data", $"is not given and {Variable} is not set: point either at the real-data folder (../shared/data/real)");
        }

        return Directory.Exists(root) ? Path.GetFullPath(root) : throw new ArtifactException(root, "no such folder (expected the real-data folder with ptm_naming/ and hf_configs/)");
    }
}
