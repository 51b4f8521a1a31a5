namespace Dara.Cloud.Persistence.Cosmos;

/// <summary>
/// Cosmos DB kept answering 429 (request rate too large) after the provider had retried as long as its options
/// allow: the container needs more throughput, or the load must drop.
/// </summary>
[GenerateSerializer, Alias("Dara.Cloud.Persistence.Cosmos.CosmosGrainStorageThrottledException")]
public sealed class CosmosGrainStorageThrottledException : OrleansException
{
    public CosmosGrainStorageThrottledException(string message)
        : base(message)
    {
    }

    public CosmosGrainStorageThrottledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
