using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// An organization's API keys: the list (never a secret), create one (its secret shown once, in a dialog with a copy
/// button, and not kept), revoke one after confirming.
/// </summary>
public partial class ApiKeysManager
{
    private string? _newName;
    private OrgRole _newRole = OrgRole.Viewer;
    private bool _creating;
    private string? _createError;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ILogger<ApiKeysManager> Logger { get; set; } = default!;

    /// <summary>The keys; null while loading.</summary>
    [Parameter]
    public IReadOnlyList<ApiKeyInfo>? Keys { get; set; }

    /// <summary>Creates a key (name, role) and returns it with its secret; the page then lists the keys again.</summary>
    [Parameter, EditorRequired]
    public Func<string, OrgRole, Task<CreatedApiKey>> CreateKey { get; set; } = default!;

    /// <summary>Raised when the user confirmed revoking a key.</summary>
    [Parameter]
    public EventCallback<ApiKeyInfo> OnRevoke { get; set; }

    [Parameter]
    public bool CanEdit { get; set; }

    // A key created with a key acts for the same member; saying which key made it explains where it came from.
    private string CreatorText(ApiKeyInfo key, string creator) =>
        key.CreatedWithKey is { } parent && Keys?.FirstOrDefault(k => k.Id == parent) is { } made
            ? $"by {creator} (with the key {made.Name})"
            : key.CreatedWithKey is null ? $"by {creator}" : $"by {creator} (with a key)";

    private string? NewNameText => string.IsNullOrWhiteSpace(_newName) ? null : _newName.Trim();

    private bool CanCreate => CanEdit && !_creating && NewNameText is not null;

    private async Task CreateAsync()
    {
        if (!CanCreate)
        {
            return;
        }

        _creating = true;
        _createError = null;
        CreatedApiKey created;
        try
        {
            created = await CreateKey(NewNameText!, _newRole);
        }
        catch (Exception exception)
        {
            Log.CreateFailed(Logger, exception);
            _createError = $"The key could not be created: {exception.Message}";
            return;
        }
        finally
        {
            _creating = false;
        }

        _newName = null;
        await OneTimeSecretDialog.ShowAsync(Dialogs, $"API key \"{created.Info.Name}\" created", created.Secret, "API key secret", "dara-api-key-secret");
    }

    private async Task RevokeAsync(ApiKeyInfo key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Revoke API key",
            $"Revoke \"{key.Name}\"? Anything using it stops working at once; this cannot be undone.",
            yesText: "Revoke",
            cancelText: "Cancel");
        if (confirmed == true)
        {
            await OnRevoke.InvokeAsync(key);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Creating an API key failed")]
        public static partial void CreateFailed(ILogger logger, Exception exception);
    }
}
