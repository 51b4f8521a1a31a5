using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Cli.Output;

namespace Dara.Cloud.Cli.Inspection;

/// <summary>
/// Reads a naming policy from JSON (the <see cref="NamingPolicy"/> properties in snake_case). An unknown key is refused:
/// a misspelt "lowercse" that is silently ignored looks like a policy that does not work.
/// </summary>
internal static class PolicyFile
{
    private const int MaxBytes = 1024 * 1024;

    public static NamingPolicy Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ArtifactException(path, "is a folder, not a policy file");
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ArtifactException(path, "no such file");
        }

        if (file.Length > MaxBytes)
        {
            throw new ArtifactException(path, $"is {file.Length:N0} bytes; a policy is at most {MaxBytes:N0}");
        }

        try
        {
            var bytes = CappedFile.ReadAll(path, MaxBytes, $"holds more than {MaxBytes:N0} bytes; a policy is at most {MaxBytes:N0}");
            var policy = JsonSerializer.Deserialize(bytes, CliJsonContext.Policy.NamingPolicy)
                ?? throw new ArtifactException(path, "holds null, not a policy object");

            foreach (var accepted in policy.AcceptedFindings ?? [])
            {
                if (AcceptedFinding.ProblemOf(accepted?.Code, accepted?.Claimed) is { } problem)
                {
                    throw new ArtifactException(path, $"accepted_findings: {problem}");
                }
            }

            return policy;
        }
        catch (JsonException e)
        {
            throw new ArtifactException(path, PolicyFileProblem.Describe(e, CliJsonContext.Policy.NamingPolicy), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileSystemErrors.Unreadable(path, e);
        }
    }
}
