namespace Dara.Cloud.Grains.Models;

internal sealed class ArtifactStoreGrain(
    [PersistentState(ArtifactStoreGrain.StateName, DaraStorage.Artifacts)] IPersistentState<ArtifactStoreState> state)
    : Grain, IArtifactStoreGrain
{
    public const string StateName = "artifacts";

    async Task IArtifactStoreGrain.PutAsync(ArtifactSet artifacts)
    {
        state.State = new ArtifactStoreState { Artifacts = artifacts };
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    Task<ArtifactSet?> IArtifactStoreGrain.GetAsync()
    {
        DeactivateOnIdle();
        return Task.FromResult(state.State.Artifacts);
    }

    async Task IArtifactStoreGrain.ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
