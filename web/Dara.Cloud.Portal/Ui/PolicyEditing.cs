namespace Dara.Cloud.Portal.Ui;

/// <summary>
/// The policy as a settings page loaded it, saved only over the revision loaded: an owner whose page went stale while
/// another owner saved gets the current policy back and a warning, instead of silently overwriting the other's change.
/// </summary>
public sealed class PolicyEditing
{
    public const string StaleWarning =
        "The policy was changed by someone else meanwhile; reloaded. Your edits were not saved: make them again on the policy as it is now.";

    /// <summary>The policy and revision last loaded or saved; null before <see cref="LoadAsync"/>.</summary>
    public VersionedPolicy? Current { get; private set; }

    public async Task<VersionedPolicy> LoadAsync(OrgScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Current = await scope.OrganizationAsync(organization => organization.GetVersionedPolicyAsync());
        return Current;
    }

    /// <summary>
    /// Saves <paramref name="policy"/> if the stored policy is still the one loaded: true when saved; false when it had
    /// changed meanwhile, in which case nothing was saved and <see cref="Current"/> is the policy as it is now.
    /// </summary>
    public async Task<bool> SaveAsync(OrgScope scope, PolicyRecord policy)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var loaded = Current ?? throw new InvalidOperationException("Load the policy before saving it.");
        try
        {
            var revision = await scope.OrganizationAsync(organization => organization.SetPolicyAsync(policy, IfRevision.Is(loaded.Revision)));
            Current = new VersionedPolicy(policy, revision);
            return true;
        }
        catch (StaleRevisionException)
        {
            await LoadAsync(scope);
            return false;
        }
    }
}
