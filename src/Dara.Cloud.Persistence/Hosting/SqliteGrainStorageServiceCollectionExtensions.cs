using Dara.Cloud.Persistence;
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

/// <summary>Registers the SQLite grain storage (the embedded default) with a silo.</summary>
public static class SqliteGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage provider named <paramref name="name"/>. Its options are bound from the <c>Dara</c>
    /// configuration section (<c>Dara:DataDirectory</c>, default <c>./data</c>), then <paramref name="configure"/> runs,
    /// and they are validated when the host starts.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds the SQLite grain storage as the silo's default provider (grains whose state names no storage).</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>The <see cref="IServiceCollection"/> form of <see cref="AddSqliteGrainStorage(ISiloBuilder, string, Action{SqliteGrainStorageOptions}?)"/>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        services.AddSqliteDatabaseOptions(name, configure);
        services.AddGrainStorage(name, static (provider, name) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name);
            return new SqliteGrainStorage(
                name,
                options,
                provider.GetRequiredService<SqliteGrainDatabases>().For(options),
                provider.GetRequiredService<IActivatorProvider>(),
                provider.GetService<TimeProvider>() ?? TimeProvider.System,
                provider.GetRequiredService<ILogger<SqliteGrainStorage>>());
        });
        return services;
    }

    /// <summary>
    /// Named options for a user of the SQLite file (a storage provider or the reminder table): bound from <c>Dara</c>,
    /// then <paramref name="configure"/>, validated at start; and the silo's shared databases.
    /// </summary>
    internal static void AddSqliteDatabaseOptions(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions>? configure)
    {
        var options = services.AddOptions<SqliteGrainStorageOptions>(name).BindConfiguration(SqliteGrainStorageOptions.ConfigurationSection);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>());
        services.ConfigureNamedOptionForLogging<SqliteGrainStorageOptions>(name);
        services.TryAddSingleton<SqliteGrainDatabases>();
    }
}
