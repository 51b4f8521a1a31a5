namespace Dara.Cloud.Persistence.Cosmos;

/// <summary>Partition key selectors for <see cref="CosmosGrainStorageOptions.PartitionKeySelector"/>.</summary>
public static class CosmosPartitionKeys
{
    /// <summary>
    /// The tenant a grain belongs to: Dara.Cloud's grain keys are <c>tenant</c> or <c>tenant/owner/name</c>,
    /// so the tenant is the key up to its first '/'. Keys that are not strings (integers, GUIDs) are their own partition.
    /// </summary>
    public static string TenantOfKey(string stateName, GrainId grainId)
    {
        var key = grainId.Key.ToString() ?? string.Empty;
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? key : key[..slash];
    }
}
