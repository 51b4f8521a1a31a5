using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// The organization's alerts: where they go and from which verdict, and how the latest deliveries went. Owners set the
/// address (which makes a new signing secret, shown once in a dialog), send a test and stop alerts (confirmed first).
/// </summary>
public partial class AlertSettings
{
    private const int ShownDeliveries = 10;

    private string? _url;
    private string _minimumVerdict = "misnamed";
    private AlertTarget? _shownTarget;
    private readonly SectionActions _actions = new();

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<AlertSettings> Logger { get; set; } = default!;

    /// <summary>The target and the latest deliveries; null while loading.</summary>
    [Parameter]
    public AlertStatus? Status { get; set; }

    [Parameter]
    public bool CanEdit { get; set; }

    /// <summary>Sets the target (address, minimum verdict) and returns it with its new secret; the page then passes the new <see cref="Status"/>.</summary>
    [Parameter]
    public Func<string, string, Task<CreatedAlertTarget>>? SetTarget { get; set; }

    /// <summary>Sends a test ping and returns how it went (null when no target is set).</summary>
    [Parameter]
    public Func<Task<AlertDelivery?>>? SendTest { get; set; }

    /// <summary>Raised when the owner confirmed stopping alerts.</summary>
    [Parameter]
    public EventCallback OnRemove { get; set; }

    protected override void OnParametersSet()
    {
        // The fields start from the target saved, and follow it when it changes (saved here or elsewhere).
        if (Status?.Target is { } target && !ReferenceEquals(target, _shownTarget))
        {
            _shownTarget = target;
            _url = target.Url;
            _minimumVerdict = target.MinimumVerdict;
        }
    }

    private string WaitingText => Status!.Waiting == 1
        ? "1 alert is waiting to be sent."
        : $"{Status.Waiting} alerts are waiting to be sent.";

    private static string UpdatedText(AlertTarget target) =>
        $"set {target.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by {target.UpdatedBy}";

    private async Task SaveAsync()
    {
        if (!CanEdit || SetTarget is null || string.IsNullOrWhiteSpace(_url))
        {
            return;
        }

        var replacing = Status?.Target is not null;
        CreatedAlertTarget? created = null;
        var url = _url.Trim();
        var saved = await _actions.RunAsync(
            async () =>
            {
                created = await SetTarget(url, _minimumVerdict);
                return null;
            },
            "The address could not be saved",
            Logger);
        if (!saved || created is null)
        {
            return;
        }

        StateHasChanged();
        await OneTimeSecretDialog.ShowAsync(
            Dialogs,
            "Alerts on",
            created.Secret,
            "Signing secret",
            "dara-alerts-secret",
            replacing
                ? "Deliveries are signed with this new secret from now on: give it to your receiver, the previous one no longer signs."
                : "Give it to your receiver: it checks each delivery's X-Dara-Signature with it.");
    }

    private async Task TestAsync()
    {
        if (!CanEdit || SendTest is null)
        {
            return;
        }

        await _actions.RunAsync(
            async () => await SendTest() switch
            {
                null => "No address is set.",
                { Delivered: true } delivery => Told($"Test delivered: the receiver answered {delivery.Status}."),
                var delivery => $"The test was not delivered: {delivery.Error}.",
            },
            "The test could not be sent",
            Logger);
    }

    private string? Told(string message)
    {
        Snackbar.Add(message, MudBlazor.Severity.Success);
        return null;
    }

    private async Task RemoveAsync()
    {
        if (await Dialogs.ShowMessageBoxAsync(
                "Stop alerts",
                "No alert is posted to the address from now on, and the address, its secret and the delivery log are forgotten. Alerts by e-mail go on.",
                yesText: "Stop alerts",
                cancelText: "Cancel") == true)
        {
            _shownTarget = null;
            _url = null;
            await OnRemove.InvokeAsync();
        }
    }
}
