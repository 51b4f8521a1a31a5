using Dara.Cloud.Analysis.Inspection;
using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>The files a check could not read, each with the reason; nothing when every file was read.</summary>
public partial class ReadProblems
{
    /// <summary>The check document's problems.</summary>
    [Parameter]
    public IReadOnlyList<ArtifactProblem>? Problems { get; set; }
}
