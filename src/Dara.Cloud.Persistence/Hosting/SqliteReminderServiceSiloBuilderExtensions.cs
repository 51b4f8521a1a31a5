using Dara.Cloud.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Keeps a silo's reminders in the SQLite file that holds its grain state (the embedded default).</summary>
public static class SqliteReminderServiceSiloBuilderExtensions
{
    /// <summary>The name of the <see cref="SqliteGrainStorageOptions"/> the reminder table reads.</summary>
    public const string OptionsName = "reminders";

    /// <summary>
    /// Adds the reminder service with its table in SQLite: the file named by <c>Dara:DataDirectory</c> (and
    /// <c>DatabaseFileName</c>, <c>BusyTimeout</c>), then <paramref name="configure"/>; the same file as the grain storage
    /// when they name the same folder, sharing its connection pool and group commit. Reminders outlive a restart of the
    /// silo, so they tick again without anyone activating their grains. Rows are kept per <see cref="ClusterOptions.ServiceId"/>.
    /// </summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReminders();
        builder.Services.AddSqliteDatabaseOptions(OptionsName, configure);
        builder.Services.AddSingleton<IReminderTable>(static provider => new SqliteReminderTable(
            provider.GetRequiredService<SqliteGrainDatabases>().For(
                provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(OptionsName)),
            provider.GetRequiredService<IOptions<ClusterOptions>>(),
            provider.GetRequiredService<ILogger<SqliteReminderTable>>()));
        return builder;
    }
}
