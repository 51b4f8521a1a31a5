using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Naming;
using Dara.Cloud.Cli.Remote;

namespace Dara.Cloud.Cli.Output;

/// <summary>What the verdict table shows, from a local check or from the service's check document alike.</summary>
internal sealed record VerdictView(
    string Name,
    Verdict Verdict,
    int Score,
    IReadOnlyList<NamingElement> Elements,
    IReadOnlyList<Finding> Findings,
    string SuggestedName,
    IReadOnlyList<string> Skipped,
    ArchitecturePrediction? Prediction)
{
    public static VerdictView From(CheckResult result) =>
        new(result.Name, result.Verdict, result.Score, result.Elements.Elements, result.Findings, result.SuggestedName, result.Skipped, result.Prediction);

    public static VerdictView From(RemoteCheckDocument document) => new(
        document.Name,
        document.Verdict,
        document.Score,
        document.Elements.Select(e => new NamingElement(Enum.TryParse<ElementCode>(e.Code, out var code) ? code : ElementCode.O, e.Text, e.Value, 0, e.Text.Length)).ToArray(),
        document.Findings,
        document.SuggestedName,
        document.Skipped,
        document.Prediction);
}
