using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// An error boundary that shows a friendly message and a "try again" button instead of the framework's bare
/// "An error has occurred", and logs the exception with a short reference the user can quote.
/// </summary>
public partial class FriendlyErrorBoundary
{
    [Inject]
    private ILogger<FriendlyErrorBoundary> Logger { get; set; } = default!;

    /// <summary>The headline shown over the message.</summary>
    [Parameter]
    public string Title { get; set; } = "Something went wrong in this part of the page.";

    /// <summary>The reference of the last error, as logged (8 hex digits).</summary>
    public string? Reference { get; private set; }

    protected override Task OnErrorAsync(Exception exception)
    {
        // Logged here, with the reference the user sees, rather than by the base class's logger without one.
        Reference = Guid.NewGuid().ToString("N")[..8];
        Log.Failed(Logger, exception, Reference);
        return Task.CompletedTask;
    }

    private void TryAgain()
    {
        Reference = null;
        Recover();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "A portal component failed (reference {Reference})")]
        public static partial void Failed(ILogger logger, Exception exception, string reference);
    }
}
