using Microsoft.Extensions.Options;

namespace Dara.Cloud.Silo.Hosting;

/// <summary>Refuses settings a silo cannot start with, each with the setting to fix.</summary>
internal sealed class DaraSiloOptionsValidator : IValidateOptions<DaraSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, DaraSiloOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Storage))
        {
            failures.Add($"Dara:Storage must be Sqlite, Cosmos or Memory, not '{options.Storage}'.");
        }

        if (options.Storage == DaraStorageKind.Sqlite && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Dara:DataDirectory must name a folder for the SQLite database.");
        }

        var clustering = options.Clustering;
        if (clustering is null)
        {
            failures.Add("Dara:Clustering is missing.");
            return ValidateOptionsResult.Fail(failures);
        }

        if (!Enum.IsDefined(clustering.Mode))
        {
            failures.Add($"Dara:Clustering:Mode must be Localhost or AzureStorage, not '{clustering.Mode}'.");
        }

        if (clustering.Mode == DaraClusteringMode.AzureStorage && string.IsNullOrWhiteSpace(clustering.ConnectionString))
        {
            failures.Add("Dara:Clustering:ConnectionString is required when Dara:Clustering:Mode is AzureStorage.");
        }

        if (clustering.SiloPort is < 1 or > 65535 || clustering.GatewayPort is < 1 or > 65535 || clustering.SiloPort == clustering.GatewayPort)
        {
            failures.Add($"Dara:Clustering:SiloPort ({clustering.SiloPort}) and GatewayPort ({clustering.GatewayPort}) must be two different ports from 1 to 65535.");
        }

        if (!string.IsNullOrWhiteSpace(clustering.AdvertisedAddress) && !System.Net.IPAddress.TryParse(clustering.AdvertisedAddress, out _))
        {
            failures.Add($"Dara:Clustering:AdvertisedAddress '{clustering.AdvertisedAddress}' is not an IP address.");
        }

        if (string.IsNullOrWhiteSpace(clustering.ClusterId) || string.IsNullOrWhiteSpace(clustering.ServiceId))
        {
            failures.Add("Dara:Clustering:ClusterId and ServiceId must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
