using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// "Delete model" on a model page, for owners: confirmed first (<see cref="DeleteModelDialog"/>), then handed to the
/// page, which deletes the model and says what became of it. A delete that fails is shown here and can be tried again.
/// </summary>
public sealed partial class DeleteModelAction
{
    /// <summary>What the action shows when the page's delete failed.</summary>
    public const string Failure = "The model could not be deleted: the service did not answer. Try again in a moment.";

    private bool _working;
    private string? _error;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ILogger<DeleteModelAction> Logger { get; set; } = default!;

    /// <summary>The model (owner/name) the confirmation names.</summary>
    [Parameter, EditorRequired]
    public string RepoId { get; set; } = string.Empty;

    /// <summary>
    /// Deletes the model once the user confirmed (the page checks the role again and says the outcome). Null for members
    /// who may not delete models: the action then shows nothing.
    /// </summary>
    [Parameter]
    public Func<Task>? Delete { get; set; }

    private async Task ConfirmAndDeleteAsync()
    {
        if (Delete is null || _working || !await DeleteModelDialog.AskAsync(Dialogs, RepoId))
        {
            return;
        }

        _working = true;
        _error = null;
        try
        {
            await Delete();
        }
        catch (Exception exception) when (exception is not NavigationException)
        {
            Log.DeleteFailed(Logger, exception, RepoId);
            _error = Failure;
        }
        finally
        {
            _working = false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting model {Model} from its page failed")]
        public static partial void DeleteFailed(ILogger logger, Exception exception, string model);
    }
}
