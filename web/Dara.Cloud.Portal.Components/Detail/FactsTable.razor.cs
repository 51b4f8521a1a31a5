using Dara.Cloud.Analysis.Facts;
using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>What the artifacts establish (type, head, parameters, layers, hidden size, dtype…), each with its source.</summary>
public partial class FactsTable
{
    private IReadOnlyList<FactRow> _rows = [];

    /// <summary>The facts; null while they load.</summary>
    [Parameter]
    public ModelFacts? Facts { get; set; }

    /// <summary>The files read, when known (inspection documents list them); else taken from the facts' evidence.</summary>
    [Parameter]
    public IReadOnlyList<string>? FilesRead { get; set; }

    protected override void OnParametersSet() => _rows = Facts is null ? [] : FactRow.From(Facts, FilesRead);
}
