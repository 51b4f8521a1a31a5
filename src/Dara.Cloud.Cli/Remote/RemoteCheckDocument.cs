using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Reports;

namespace Dara.Cloud.Cli.Remote;

/// <summary>The parts of the service's check document (the engine's <see cref="CheckDocument"/> JSON) the CLI shows and decides on.</summary>
public sealed record RemoteCheckDocument(
    string Name,
    Verdict Verdict,
    int Score,
    IReadOnlyList<ElementDocument> Elements,
    IReadOnlyList<Finding> Findings,
    string SuggestedName,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<ArtifactProblem> Problems,
    ArchitecturePrediction? Prediction = null);

/// <summary>An RFC 9457 problem answer, as far as a message needs it.</summary>
public sealed record ProblemDocument(string? Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors);
