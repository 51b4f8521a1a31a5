namespace Dara.Cloud.Persistence.Conformance;

/// <summary>A grain whose only job is to keep a <see cref="ConformanceState"/> in the provider under test.</summary>
public interface IConformanceGrain : IGrainWithStringKey
{
    Task<ConformanceState> GetAsync();

    Task SaveAsync(ConformanceState state);
}

public sealed class ConformanceGrain(
    [PersistentState(ConformanceGrain.StateName, GrainStorageFixture.ProviderName)] IPersistentState<ConformanceState> state)
    : Grain, IConformanceGrain
{
    public const string StateName = "conformance";

    Task<ConformanceState> IConformanceGrain.GetAsync() => Task.FromResult(state.State);

    async Task IConformanceGrain.SaveAsync(ConformanceState value)
    {
        state.State = value;
        await state.WriteStateAsync();
    }
}
