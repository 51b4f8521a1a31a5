namespace Dara.Cloud.Grains.Users;

/// <summary>
/// The organizations a user was added to (key: the user id), and for an e-mail address the Entra account bound to it.
/// Only an index: the organization decides membership.
/// </summary>
/// <remarks>
/// Its key names a person, not a tenant, so the tenant call filter lets its calls through (<see cref="IUserGrain"/> is
/// <see cref="NotTenantOwnedAttribute">not tenant-owned</see>); the API calls it only with the signed-in caller's own id,
/// a member's id an owner gives, or an address an Entra token proved.
/// </remarks>
internal sealed class UserGrain([PersistentState(UserGrain.StateName, DaraStorage.Grains)] IPersistentState<UserState> state) : Grain, IUserGrain
{
    public const string StateName = "user";

    Task<IReadOnlyList<TenantId>> IUserGrain.GetOrganizationsAsync() => Task.FromResult(state.State.Organizations);

    async Task IUserGrain.JoinAsync(TenantId tenant)
    {
        if (state.State.Organizations.Contains(tenant) || state.State.Organizations.Count >= IUserGrain.MaxOrganizations)
        {
            return;
        }

        state.State = state.State with { Organizations = [.. state.State.Organizations, tenant] };
        await state.WriteStateAsync();
    }

    async Task IUserGrain.LeaveAsync(TenantId tenant)
    {
        if (!state.State.Organizations.Contains(tenant))
        {
            return;
        }

        state.State = state.State with { Organizations = state.State.Organizations.Where(t => t != tenant).ToArray() };
        await state.WriteStateAsync();
    }

    async Task<bool> IUserGrain.BindEntraAccountAsync(EntraAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (state.State.EntraAccount is { } holder)
        {
            return holder == account;
        }

        state.State = state.State with { EntraAccount = account };
        await state.WriteStateAsync();
        return true;
    }
}

/// <summary>A user's organizations, in the order joined, and the Entra account an address is bound to.</summary>
[GenerateSerializer, Immutable, Alias("dara.user-state")]
internal sealed record UserState
{
    [Id(0)]
    public IReadOnlyList<TenantId> Organizations { get; init; } = [];

    /// <summary>For an e-mail address: the Entra account that proved it first (null until one did, and for users stored before).</summary>
    [Id(1)]
    public EntraAccount? EntraAccount { get; init; }
}
