using Azure.Core;
using Microsoft.Azure.Cosmos;
using Orleans.Storage;

namespace Dara.Cloud.Persistence.Cosmos;

/// <summary>
/// Options of the Cosmos DB grain storage: the account, database and container, how a grain's partition key is
/// chosen, and how long throttled requests are retried. Bound from the <c>Dara:Cosmos</c> configuration section,
/// then from the code's delegate.
/// </summary>
public sealed class CosmosGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string ConfigurationSection = "Dara:Cosmos";

    /// <summary>The account endpoint, e.g. <c>https://dara.documents.azure.com:443/</c>.</summary>
    public string? AccountEndpoint { get; set; }

    /// <summary>The account key. Leave empty and set <see cref="Credential"/> to use Entra ID (managed identity) instead.</summary>
    [Redact]
    public string? AccountKey { get; set; }

    /// <summary>An Entra ID credential (e.g. a managed identity), used when <see cref="AccountKey"/> is empty.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>The database holding the grain state container.</summary>
    public string DatabaseName { get; set; } = "dara";

    /// <summary>The container holding grain state, partitioned by <c>/pk</c>.</summary>
    public string ContainerName { get; set; } = "grain-state";

    /// <summary>Creates the database and container at startup when they are missing (off where infrastructure code owns them).</summary>
    public bool CreateResources { get; set; } = true;

    /// <summary>Gateway (HTTPS only, what emulators speak) or Direct (TCP, lower latency in Azure).</summary>
    public ConnectionMode ConnectionMode { get; set; } = ConnectionMode.Gateway;

    /// <summary>Talk only to <see cref="AccountEndpoint"/>, never to the regional endpoints it advertises (needed for emulators).</summary>
    public bool LimitToEndpoint { get; set; }

    /// <summary>How many times a request answered 429 (request rate too large) is retried after the server's RetryAfter.</summary>
    public int MaxThrottledRetries { get; set; } = 9;

    /// <summary>The longest a request waits in total across its throttled retries before the provider gives up.</summary>
    public TimeSpan MaxThrottledWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Chooses a grain state's partition key from its state name and grain id. The default,
    /// <see cref="CosmosPartitionKeys.TenantOfKey"/>, puts all of a tenant's grains in one logical partition.
    /// </summary>
    public Func<string, GrainId, string> PartitionKeySelector { get; set; } = CosmosPartitionKeys.TenantOfKey;

    /// <summary>Adjusts the Cosmos client's options last (tests use it to trust an emulator's certificate).</summary>
    public Action<CosmosClientOptions>? ConfigureClientOptions { get; set; }

    /// <summary>The silo lifecycle stage at which the database and container are checked or created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// Turns grain state into bytes and back. Left unset, the silo's default <see cref="IGrainStorageSerializer"/> is used.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
