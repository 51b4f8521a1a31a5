using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>A short list of models (the worst, the most recent) with verdict, score and date; each opens the model.</summary>
public partial class ModelList
{
    [Parameter]
    public string? Title { get; set; }

    /// <summary>The models, in the order to show; null while loading.</summary>
    [Parameter]
    public IReadOnlyList<ModelSummary>? Models { get; set; }

    [Parameter]
    public string EmptyText { get; set; } = "No models.";

    /// <summary>A link for a model (its detail page), so items can be opened in a new tab.</summary>
    [Parameter]
    public Func<ModelSummary, string>? ModelHref { get; set; }

    [Parameter]
    public EventCallback<ModelSummary> OnOpen { get; set; }

    /// <summary>MudBlazor's list item look, on a plain link or button.</summary>
    private const string ItemClass = "dara-model-list-item mud-list-item mud-list-item-dense mud-list-item-gutters mud-list-item-clickable";
}
