using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// Alerts by e-mail, for every member: each chooses for themselves whether to get them and from which verdict, at the
/// address they signed in with (the portal never mails an address typed in), and may send themselves a test. Everyone
/// sees who gets them and how the latest e-mails went.
/// </summary>
public partial class EmailAlertSettings
{
    private const string Never = "never";
    private const int ShownEmails = 10;

    private string _choice = Never;
    private EmailAlertSubscription? _shown;
    private readonly SectionActions _actions = new();

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<EmailAlertSettings> Logger { get; set; } = default!;

    [Parameter, EditorRequired]
    public AlertStatus Status { get; set; } = default!;

    /// <summary>The signed-in member's proven address; null when their sign-in proves none.</summary>
    [Parameter]
    public string? MyAddress { get; set; }

    /// <summary>Asks for the alerts by e-mail from a verdict (<c>misnamed</c>, <c>suspicious</c>); the page then passes the new <see cref="Status"/>.</summary>
    [Parameter]
    public Func<string, Task<EmailAlertSubscription>>? Subscribe { get; set; }

    /// <summary>Stops the e-mails.</summary>
    [Parameter]
    public Func<Task>? Unsubscribe { get; set; }

    /// <summary>E-mails a test and returns how it went (null when the member gets no e-mails).</summary>
    [Parameter]
    public Func<Task<EmailAlertDelivery?>>? SendTest { get; set; }

    private EmailAlertSubscription? Mine => Status.EmailSubscriptions.FirstOrDefault(s => s.Address == MyAddress);

    protected override void OnParametersSet()
    {
        // The choice starts from what is saved, and follows it when it changes (saved here or in another tab).
        if (!ReferenceEquals(Mine, _shown))
        {
            _shown = Mine;
            _choice = Mine?.MinimumVerdict ?? Never;
        }
    }

    private async Task SaveAsync()
    {
        if (Subscribe is null || Unsubscribe is null)
        {
            return;
        }

        var choice = _choice;
        await _actions.RunAsync(
            async () =>
            {
                if (choice == Never)
                {
                    await Unsubscribe();
                    return Told("You get no more alerts by e-mail.", MudBlazor.Severity.Info);
                }

                var subscription = await Subscribe(choice);
                return Told($"Alerts will be e-mailed to {subscription.Address}.", MudBlazor.Severity.Success);
            },
            "Your choice could not be saved",
            Logger);
    }

    private async Task TestAsync()
    {
        if (SendTest is null)
        {
            return;
        }

        await _actions.RunAsync(
            async () => await SendTest() switch
            {
                null => "You get no alerts by e-mail.",
                { Delivered: true } delivery => Told($"Test sent to {delivery.Address}: the mail server took it.", MudBlazor.Severity.Success),
                var delivery => $"The test was not sent: {delivery.Error}.",
            },
            "The test could not be sent",
            Logger);
    }

    private string? Told(string message, MudBlazor.Severity severity)
    {
        Snackbar.Add(message, severity);
        return null;
    }
}
