using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// The confirmation before a model is deleted: it names the model and says what goes with it (its verdict history and
/// review), since nothing of it can be brought back.
/// </summary>
public partial class DeleteModelDialog
{
    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The model to delete (owner/name).</summary>
    [Parameter, EditorRequired]
    public string RepoId { get; set; } = string.Empty;

    /// <summary>Asks whether to delete <paramref name="repoId"/>: true when the user confirmed, false when they kept it.</summary>
    public static async Task<bool> AskAsync(IDialogService dialogs, string repoId)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<DeleteModelDialog> { { d => d.RepoId, repoId } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<DeleteModelDialog>("Delete model", parameters, options);
        return await dialog.Result is { Canceled: false };
    }

    private void Delete() => Dialog.Close(DialogResult.Ok(true));

    private void Keep() => Dialog.Cancel();
}
