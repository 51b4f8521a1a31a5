using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Reports;

namespace Dara.Cloud.Grains.Models;

/// <summary>The findings a dismissal is about: the warnings and errors of the verdict the reviewer saw.</summary>
internal static class DismissedFindings
{
    public static IReadOnlyList<AcceptedFindingRecord> Of(VerdictRecord? verdict) =>
        verdict is null || string.IsNullOrEmpty(verdict.DocumentJson)
            ? []
            : EngineJson.DeserializeCheckDocument(verdict.DocumentJson).Findings
                .Where(finding => finding.Severity is Severity.Warning or Severity.Error)
                .Select(finding => new AcceptedFindingRecord(finding.Code, finding.Claimed))
                .Distinct()
                .ToList();
}
