namespace Dara.Cloud.Silo.Hosting;

/// <summary>Where grain state is kept.</summary>
public enum DaraStorageKind
{
    /// <summary>One SQLite file under <see cref="DaraSiloOptions.DataDirectory"/>: the embedded default.</summary>
    Sqlite,

    /// <summary>Azure Cosmos DB (<c>Dara:Cosmos:*</c>): production.</summary>
    Cosmos,

    /// <summary>In memory, lost when the silo stops: for benchmarks and throwaway demos, never for data that matters.</summary>
    Memory,
}

/// <summary>How silos find each other.</summary>
public enum DaraClusteringMode
{
    /// <summary>One silo on this machine (reminders in memory).</summary>
    Localhost,

    /// <summary>Membership (and reminders) in Azure Table storage (Azurite locally): several silos.</summary>
    AzureStorage,
}

/// <summary>The silo's settings: the <c>Dara</c> configuration section. Validated when the host is built.</summary>
public sealed class DaraSiloOptions
{
    public const string Section = "Dara";

    /// <summary>Where the SQLite database lives (relative to the working directory).</summary>
    public string DataDirectory { get; set; } = "./data";

    public DaraStorageKind Storage { get; set; } = DaraStorageKind.Sqlite;

    public DaraClusteringOptions Clustering { get; set; } = new();
}

/// <summary>The <c>Dara:Clustering</c> section.</summary>
public sealed class DaraClusteringOptions
{
    public DaraClusteringMode Mode { get; set; } = DaraClusteringMode.Localhost;

    /// <summary>Azure Storage connection string (<c>AzureStorage</c> mode), e.g. Azurite's.</summary>
    public string? ConnectionString { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at (AzureStorage mode); empty for the machine's first
    /// network address, as Orleans chooses.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "dara";

    /// <summary>Stays the same across deployments: reminders and state belong to the service.</summary>
    public string ServiceId { get; set; } = "dara";
}
