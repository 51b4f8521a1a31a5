namespace Dara.Cloud.Portal.Ui;

/// <summary>What became of a model deleted from its page.</summary>
public enum ModelDeletionResult
{
    /// <summary>The model, its verdict history and its review are gone; the organization no longer lists or counts it.</summary>
    Deleted,

    /// <summary>Nothing to delete: someone deleted the model since the page loaded it (or the id is no model's).</summary>
    AlreadyGone,

    /// <summary>The scope's user is no owner: nothing changed.</summary>
    Refused,
}

/// <summary>
/// "Delete model" from a model page, checked as the API's <c>DELETE /api/orgs/{org}/models/{owner}/{name}</c> checks
/// it: owners only, and only a model the organization has.
/// </summary>
public static class ModelDeletion
{
    /// <summary>
    /// Deletes <paramref name="repoId"/> (owner/name, in any case) and everything kept with it, if the scope's user is an
    /// owner. The role is checked here as well as on the page, so no caller can delete as a reviewer or viewer.
    /// </summary>
    public static async Task<ModelDeletionResult> DeleteAsync(OrgScope scope, string repoId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.IsOwner)
        {
            return ModelDeletionResult.Refused;
        }

        // A model deleted meanwhile is "never submitted" to its grain; deleting it again would succeed silently, so it is
        // told apart first and the page can say what happened.
        var (_, deleted) = await scope.ModelAsync(repoId, async model =>
        {
            if (await model.GetAsync() is null)
            {
                return false;
            }

            await model.DeleteAsync();
            return true;
        });
        return deleted ? ModelDeletionResult.Deleted : ModelDeletionResult.AlreadyGone;
    }
}
