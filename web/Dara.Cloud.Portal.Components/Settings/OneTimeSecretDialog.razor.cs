using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// Shows a secret just made (an API key's, the Hub webhook's), once, with a copy button; closing it forgets the secret.
/// </summary>
public partial class OneTimeSecretDialog
{
    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter]
    public string Heading { get; set; } = string.Empty;

    [Parameter, EditorRequired]
    public string Secret { get; set; } = string.Empty;

    /// <summary>What the secret is ("API key secret"), for screen readers.</summary>
    [Parameter, EditorRequired]
    public string SecretLabel { get; set; } = string.Empty;

    /// <summary>What to do with the secret, under the warning; none when null.</summary>
    [Parameter]
    public string? Note { get; set; }

    /// <summary>The dialog's class, and the prefix of its parts' (<c>-value</c>, <c>-copy</c>, <c>-done</c>, <c>-note</c>).</summary>
    [Parameter, EditorRequired]
    public string ClassPrefix { get; set; } = string.Empty;

    /// <summary>Shows <paramref name="secret"/> and returns when the user has closed the dialog.</summary>
    public static async Task ShowAsync(IDialogService dialogs, string heading, string secret, string secretLabel, string classPrefix, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(dialogs);

        // The secret lives only in the dialog's parameters: once it closes, nothing holds it.
        var parameters = new DialogParameters<OneTimeSecretDialog>
        {
            { d => d.Heading, heading },
            { d => d.Secret, secret },
            { d => d.SecretLabel, secretLabel },
            { d => d.ClassPrefix, classPrefix },
            { d => d.Note, note },
        };
        var options = new DialogOptions { BackdropClick = false, CloseOnEscapeKey = false, MaxWidth = MaxWidth.Small, FullWidth = true };
        var dialog = await dialogs.ShowAsync<OneTimeSecretDialog>(heading, parameters, options);
        await dialog.Result;
    }

    private void Done() => Dialog.Close();
}
