namespace Dara.Cloud.Grains.Users;

/// <summary>The organizations a user was added to (key: the user id). Only an index: the organization decides membership.</summary>
/// <remarks>
/// Its key names a person, not a tenant, so the tenant call filter lets its calls through (<see cref="IUserGrain"/> is
/// <see cref="NotTenantOwnedAttribute">not tenant-owned</see>); the API calls it only with the signed-in caller's own id.
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
}

/// <summary>A user's organizations, in the order joined.</summary>
[GenerateSerializer, Immutable, Alias("dara.user-state")]
internal sealed record UserState
{
    [Id(0)]
    public IReadOnlyList<TenantId> Organizations { get; init; } = [];
}
