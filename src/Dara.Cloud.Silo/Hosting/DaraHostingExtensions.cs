using System.Net;
using Azure.Data.Tables;
using Dara.Cloud.Grains;
using Dara.Cloud.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Hosts Dara: <c>builder.AddDaraSilo()</c> for a silo (embedded or headless), <c>builder.AddDaraClient()</c> for a portal that joins a cluster.</summary>
public static class DaraHostingExtensions
{
    /// <summary>
    /// Adds an Orleans silo with Dara's grains, configured from the <c>Dara</c> section: <c>Dara:Storage</c> (Sqlite,
    /// the default, under <c>Dara:DataDirectory</c>; Cosmos with <c>Dara:Cosmos:*</c>; Memory for benchmarks), <c>Dara:Clustering:Mode</c>
    /// (Localhost, the default, on <c>SiloPort</c>/<c>GatewayPort</c>; or AzureStorage with <c>ConnectionString</c>),
    /// <c>Dara:Hub:*</c>, <c>Dara:Watcher:*</c> and <c>Dara:Organization:*</c>. Invalid settings fail here, before
    /// anything starts. <paramref name="configure"/> runs last (tests add their own providers through it).
    /// Reminders: with Localhost clustering in the SQLite file beside the grain state (so registry watchers poll again
    /// after a restart without anyone activating them), or in memory when the grain state is not in SQLite (an
    /// organization then starts its watcher again when it is next activated); in Azure Table storage with AzureStorage clustering.
    /// </summary>
    public static IHostApplicationBuilder AddDaraSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ReadOptions(builder);
        if (options.Clustering.Mode == DaraClusteringMode.Localhost && options.Storage == DaraStorageKind.Sqlite)
        {
            // Before the silo's own hosted service, so a second silo on the folder stops before it activates anything.
            builder.Services.AddHostedService(_ => new DataFolderLock(options.DataDirectory));
        }

        builder.UseOrleans(silo =>
        {
            var clustering = options.Clustering;
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = clustering.ClusterId;
                cluster.ServiceId = clustering.ServiceId;
            });
            if (clustering.Mode == DaraClusteringMode.AzureStorage)
            {
                if (string.IsNullOrWhiteSpace(clustering.AdvertisedAddress))
                {
                    silo.ConfigureEndpoints(clustering.SiloPort, clustering.GatewayPort);
                }
                else
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(clustering.AdvertisedAddress), clustering.SiloPort, clustering.GatewayPort, listenOnAnyHostAddress: true);
                }

                silo.UseAzureStorageClustering(table => table.TableServiceClient = new TableServiceClient(clustering.ConnectionString));
                silo.UseAzureTableReminderService(table => table.TableServiceClient = new TableServiceClient(clustering.ConnectionString));
            }
            else
            {
                silo.UseLocalhostClustering(clustering.SiloPort, clustering.GatewayPort, serviceId: clustering.ServiceId, clusterId: clustering.ClusterId);

                // Reminders beside the grain state, so watchers poll again after a restart; memory only where state is too.
                if (options.Storage == DaraStorageKind.Sqlite)
                {
                    silo.UseSqliteReminderService();
                }
                else
                {
                    silo.UseInMemoryReminderService();
                }
            }

            _ = options.Storage switch
            {
                DaraStorageKind.Cosmos => silo.AddCosmosGrainStorage(DaraStorage.Grains).AddCosmosGrainStorage(DaraStorage.Artifacts),
                DaraStorageKind.Memory => silo.AddMemoryGrainStorage(DaraStorage.Grains).AddMemoryGrainStorage(DaraStorage.Artifacts),
                _ => silo.AddSqliteGrainStorage(DaraStorage.Grains).AddSqliteGrainStorage(DaraStorage.Artifacts),
            };

            silo.AddDaraGrains();
            configure?.Invoke(silo);
        });
        return builder;
    }

    /// <summary>
    /// Adds an Orleans client that joins the cluster <c>Dara:Clustering</c> describes (the gateway on this machine, or
    /// the Azure Table membership), for a portal running apart from its silos.
    /// </summary>
    public static IHostApplicationBuilder AddDaraClient(this IHostApplicationBuilder builder, Action<IClientBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ReadOptions(builder);
        builder.UseOrleansClient(client =>
        {
            var clustering = options.Clustering;
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = clustering.ClusterId;
                cluster.ServiceId = clustering.ServiceId;
            });
            if (clustering.Mode == DaraClusteringMode.AzureStorage)
            {
                client.UseAzureStorageClustering(table => table.TableServiceClient = new TableServiceClient(clustering.ConnectionString));
            }
            else
            {
                client.UseLocalhostClustering(clustering.GatewayPort, clustering.ServiceId, clustering.ClusterId);
            }

            configure?.Invoke(client);
        });
        return builder;
    }

    /// <summary>Binds and validates <c>Dara</c> now (the providers depend on it), and again at start for anything added later.</summary>
    private static DaraSiloOptions ReadOptions(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DaraSiloOptions>().BindConfiguration(DaraSiloOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DaraSiloOptions>, DaraSiloOptionsValidator>();
        var options = new DaraSiloOptions();
        builder.Configuration.GetSection(DaraSiloOptions.Section).Bind(options);
        var result = new DaraSiloOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(DaraSiloOptions.Section, typeof(DaraSiloOptions), result.Failures);
        }

        return options;
    }
}
