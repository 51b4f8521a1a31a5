using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>
/// The confirmation before a re-analysis: every model of the organization (the API's <c>force=true</c>), or only the
/// models an older engine version analysed (<c>force=false</c>), each said in words. Only the first can be counted
/// up front: the organization's index does not record which engine analysed a model, and asking every model would
/// cost as much as the job itself.
/// </summary>
public partial class ReanalysisChoiceDialog
{
    private bool _everyModel = true;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>How many models the organization has: the first choice says how many it covers.</summary>
    [Parameter]
    public int Models { get; set; }

    private string EveryModelLabel => Models == 1
        ? "Every model: the organization's 1 model"
        : $"Every model: all {Models.ToString("N0", CultureInfo.InvariantCulture)} of the organization";

    /// <summary>
    /// Asks which models to analyse again: true for every model, false for only those an older engine analysed, null
    /// when the user chose not to start.
    /// </summary>
    public static async Task<bool?> AskAsync(IDialogService dialogs, int models)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<ReanalysisChoiceDialog> { { d => d.Models, models } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<ReanalysisChoiceDialog>("Analyse models again", parameters, options);
        return await dialog.Result is { Canceled: false, Data: bool everyModel } ? everyModel : null;
    }

    private void Start() => Dialog.Close(DialogResult.Ok(_everyModel));

    private void NotNow() => Dialog.Cancel();
}
