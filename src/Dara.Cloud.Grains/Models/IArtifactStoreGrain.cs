namespace Dara.Cloud.Grains.Models;

/// <summary>
/// The bytes of a model's last upload (key: the model's key, <c>tenant/owner/name</c>). Activated only when a model
/// stores or re-reads its artifacts, and deactivated right after, so the bytes do not stay in memory.
/// </summary>
public interface IArtifactStoreGrain : IGrainWithStringKey
{
    Task PutAsync(ArtifactSet artifacts);

    Task<ArtifactSet?> GetAsync();

    Task ClearAsync();
}
