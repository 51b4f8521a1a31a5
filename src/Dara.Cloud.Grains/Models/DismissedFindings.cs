using System.Text.Json.Nodes;

namespace Dara.Cloud.Grains.Models;

/// <summary>The findings a dismissal is about: the warnings and errors of the verdict the reviewer saw.</summary>
internal static class DismissedFindings
{
    public static IReadOnlyList<AcceptedFindingRecord> Of(VerdictRecord? verdict)
    {
        if (verdict is null || string.IsNullOrEmpty(verdict.DocumentJson) || JsonNode.Parse(verdict.DocumentJson)?["findings"] is not JsonArray findings)
        {
            return [];
        }

        return findings
            .OfType<JsonObject>()
            .Where(finding => (string?)finding["severity"] is "warning" or "error")
            .Select(finding => new AcceptedFindingRecord((string?)finding["code"] ?? string.Empty, (string?)finding["claimed"]))
            .Where(finding => finding.Code.Length > 0)
            .Distinct()
            .ToList();
    }
}
