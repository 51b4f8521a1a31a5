using System.Text.Json;
using System.Text.Json.Nodes;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Reports;

namespace Dara.Cloud.Grains.Analysis;

/// <summary>
/// The <c>duplicate-upload</c> finding: other models of the organization with the same architecture hash, parameter
/// count and weight files. It is information about the upload, not about the name, so it changes neither the verdict
/// nor the score; it is added to the verdict's finding codes and to the document's findings.
/// </summary>
public static class DuplicateFindings
{
    public const string Code = "duplicate-upload";

    private const int NamedInMessage = 3;

    /// <summary>The verdict without its duplicate-upload finding (the same verdict when it has none).</summary>
    public static VerdictRecord Remove(VerdictRecord verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (!verdict.FindingCodes.Contains(Code))
        {
            return verdict;
        }

        var document = JsonNode.Parse(verdict.DocumentJson)?.AsObject() ?? throw new JsonException("The verdict has no document.");
        if (document["findings"] is JsonArray findings)
        {
            foreach (var finding in findings.Where(f => f?["code"]?.GetValue<string>() == Code).ToList())
            {
                findings.Remove(finding);
            }
        }

        return verdict with
        {
            FindingCodes = verdict.FindingCodes.Where(code => code != Code).ToArray(),
            DocumentJson = document.ToJsonString(EngineJson.Options),
        };
    }

    public static VerdictRecord Apply(VerdictRecord verdict, IReadOnlyList<string> duplicates)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (duplicates.Count == 0 || verdict.FindingCodes.Contains(Code))
        {
            return verdict;
        }

        var named = string.Join(", ", duplicates.Take(NamedInMessage));
        var more = duplicates.Count > NamedInMessage ? $" and {duplicates.Count - NamedInMessage} more" : "";
        var finding = new Finding(
            Code,
            Severity.Info,
            Element: null,
            Claimed: null,
            Observed: string.Join(", ", duplicates),
            Evidence: "architecture hash, parameter count and weight files",
            Confidence: 1.0,
            Message: $"The same architecture, size and weight files as {named}{more}: likely the same model uploaded again.");

        var document = JsonNode.Parse(verdict.DocumentJson)?.AsObject() ?? throw new JsonException("The verdict has no document.");
        if (document["findings"] is not JsonArray findings)
        {
            findings = [];
            document["findings"] = findings;
        }

        findings.Add(JsonSerializer.SerializeToNode(finding, EngineJson.Context.Finding));
        return verdict with
        {
            FindingCodes = [.. verdict.FindingCodes, Code],
            DocumentJson = document.ToJsonString(EngineJson.Options),
        };
    }
}
