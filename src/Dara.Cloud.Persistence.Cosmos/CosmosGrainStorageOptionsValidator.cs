using Microsoft.Extensions.Options;

namespace Dara.Cloud.Persistence.Cosmos;

/// <summary>Rejects options that would fail on first use, so a misconfigured silo stops at startup instead.</summary>
internal sealed class CosmosGrainStorageOptionsValidator : IValidateOptions<CosmosGrainStorageOptions>
{
    private static readonly char[] s_forbiddenInNames = ['/', '\\', '?', '#'];

    public ValidateOptionsResult Validate(string? name, CosmosGrainStorageOptions options)
    {
        var provider = $"Cosmos DB grain storage '{name}'";
        var failures = new List<string>();
        if (!Uri.TryCreate(options.AccountEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            failures.Add($"{provider}: AccountEndpoint (configuration {CosmosGrainStorageOptions.ConfigurationSection}:AccountEndpoint) must be an https URL, not '{options.AccountEndpoint}'.");
        }

        if (string.IsNullOrEmpty(options.AccountKey) && options.Credential is null)
        {
            failures.Add($"{provider}: set AccountKey or a Credential (e.g. a managed identity).");
        }

        CheckName(failures, provider, nameof(options.DatabaseName), options.DatabaseName);
        CheckName(failures, provider, nameof(options.ContainerName), options.ContainerName);

        if (options.MaxThrottledRetries is < 0 or > 100)
        {
            failures.Add($"{provider}: MaxThrottledRetries {options.MaxThrottledRetries} must be between 0 and 100.");
        }

        if (options.MaxThrottledWait < TimeSpan.Zero || options.MaxThrottledWait > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{provider}: MaxThrottledWait {options.MaxThrottledWait} must be between 0 and 5 minutes.");
        }

        if (options.PartitionKeySelector is null)
        {
            failures.Add($"{provider}: PartitionKeySelector is not set.");
        }

        if (options.GrainStorageSerializer is null)
        {
            failures.Add($"{provider}: no GrainStorageSerializer is set and the silo registers none.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckName(List<string> failures, string provider, string property, string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 255 || value.IndexOfAny(s_forbiddenInNames) >= 0 || value != value.Trim())
        {
            failures.Add($"{provider}: {property} '{value}' must be 1 to 255 characters without '/', '\\', '?', '#' or surrounding spaces.");
        }
    }
}
