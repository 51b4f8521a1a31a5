using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// The organization's Hub webhook: the URL to give the Hub and whether a secret is set (never the secret). Owners
/// generate one (shown once, in a dialog with a copy button), rotate it and remove it; both of the latter are confirmed
/// first, since the Hub's deliveries carrying the current secret are refused from that moment.
/// </summary>
public partial class HubWebhookSettings
{
    private bool _working;
    private string? _error;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ILogger<HubWebhookSettings> Logger { get; set; } = default!;

    /// <summary>The absolute address the Hub delivers this organization's webhooks to.</summary>
    [Parameter, EditorRequired]
    public string Url { get; set; } = string.Empty;

    /// <summary>Whether a secret is set; null while loading.</summary>
    [Parameter]
    public WebhookSecretStatus? Status { get; set; }

    [Parameter]
    public bool CanEdit { get; set; }

    /// <summary>Makes a new secret, replacing any, and returns it; the page then passes the new <see cref="Status"/>.</summary>
    [Parameter]
    public Func<Task<CreatedWebhookSecret>>? CreateSecret { get; set; }

    /// <summary>Raised when the owner confirmed removing the secret.</summary>
    [Parameter]
    public EventCallback OnRemove { get; set; }

    private string CreatedText => Status switch
    {
        { CreatedAt: { } at, CreatedBy: { } by } => $"created {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by {by}",
        _ => "created before the portal recorded when and by whom",
    };

    private async Task GenerateAsync()
    {
        if (!CanEdit || CreateSecret is null || _working)
        {
            return;
        }

        var rotating = Status?.IsSet == true;
        if (rotating && !await ConfirmAsync(
                "Rotate the webhook secret",
                "The current secret stops working at once: the Hub's deliveries are refused until its webhook has the new one.",
                "Rotate"))
        {
            return;
        }

        _working = true;
        _error = null;
        CreatedWebhookSecret created;
        try
        {
            created = await CreateSecret();
        }
        catch (Exception exception)
        {
            Log.CreateFailed(Logger, exception);
            _error = $"The secret could not be made: {exception.Message}";
            return;
        }
        finally
        {
            _working = false;
        }

        // The handler renders again only when it ends, which is when the dialog closes: show the button ready now.
        StateHasChanged();
        await OneTimeSecretDialog.ShowAsync(
            Dialogs,
            rotating ? "Webhook secret rotated" : "Webhook secret created",
            created.Secret,
            "Webhook secret",
            "dara-hub-webhook-secret",
            rotating
                ? "Paste it as the secret of the Hub's webhook now: the previous secret no longer works."
                : "Paste it as the secret of the Hub's webhook, with the URL shown on this page.");
    }

    private async Task RemoveAsync()
    {
        if (await ConfirmAsync(
                "Remove the webhook secret",
                "Every delivery from the Hub is refused from now on; watched authors are still polled. You can generate a new secret at any time.",
                "Remove"))
        {
            await OnRemove.InvokeAsync();
        }
    }

    private async Task<bool> ConfirmAsync(string title, string message, string yesText) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yesText: yesText, cancelText: "Cancel") == true;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Making the Hub webhook secret failed")]
        public static partial void CreateFailed(ILogger logger, Exception exception);
    }
}
