using Dara.Cloud.Portal.Components.Interop;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>Shows a just-created API key's secret, once, with a copy button; closing it forgets the secret.</summary>
public partial class ApiKeySecretDialog
{
    private bool _copied;
    private bool _copyFailed;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private Clipboard Clipboard { get; set; } = default!;

    [Parameter, EditorRequired]
    public string Secret { get; set; } = string.Empty;

    [Parameter]
    public string KeyName { get; set; } = string.Empty;

    private async Task CopyAsync()
    {
        _copied = await Clipboard.CopyAsync(Secret);
        _copyFailed = !_copied;
    }

    private void Done() => Dialog.Close();
}
