using Dara.Cloud.Persistence.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Hosting;

/// <summary>Registers the Cosmos DB grain storage (production) with a silo.</summary>
public static class CosmosGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds a Cosmos DB grain storage provider named <paramref name="name"/>. Its options are bound from the
    /// <c>Dara:Cosmos</c> configuration section (AccountEndpoint, AccountKey, DatabaseName, ContainerName, ...),
    /// then <paramref name="configure"/> runs, and they are validated when the host starts.
    /// </summary>
    public static ISiloBuilder AddCosmosGrainStorage(this ISiloBuilder builder, string name, Action<CosmosGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCosmosGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds the Cosmos DB grain storage as the silo's default provider (grains whose state names no storage).</summary>
    public static ISiloBuilder AddCosmosGrainStorageAsDefault(this ISiloBuilder builder, Action<CosmosGrainStorageOptions>? configure = null) =>
        builder.AddCosmosGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>The <see cref="IServiceCollection"/> form of <see cref="AddCosmosGrainStorage(ISiloBuilder, string, Action{CosmosGrainStorageOptions}?)"/>.</summary>
    public static IServiceCollection AddCosmosGrainStorage(this IServiceCollection services, string name, Action<CosmosGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var options = services.AddOptions<CosmosGrainStorageOptions>(name).BindConfiguration(CosmosGrainStorageOptions.ConfigurationSection);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CosmosGrainStorageOptions>, CosmosGrainStorageOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<CosmosGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<CosmosGrainStorageOptions>>());
        services.ConfigureNamedOptionForLogging<CosmosGrainStorageOptions>(name);
        services.AddGrainStorage(name, static (provider, name) => new CosmosGrainStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<CosmosGrainStorageOptions>>().Get(name),
            provider.GetRequiredService<IActivatorProvider>(),
            provider.GetRequiredService<ILogger<CosmosGrainStorage>>()));
        return services;
    }
}
