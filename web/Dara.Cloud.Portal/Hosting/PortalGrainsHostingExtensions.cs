namespace Microsoft.Extensions.Hosting;

/// <summary>Gives the portal its grains: a silo of its own, or a client of a cluster, as configuration says.</summary>
public static class PortalGrainsHostingExtensions
{
    /// <summary>The configuration key that chooses the <see cref="PortalMode"/>.</summary>
    public const string ModeKey = "Dara:Mode";

    /// <summary>
    /// Adds an embedded silo (<c>AddDaraSilo()</c>, when <c>Dara:Mode</c> is <c>Embedded</c> or unset) or an Orleans client
    /// (<c>AddDaraClient()</c>, when it is <c>Client</c>). Either way the API finds <see cref="Orleans.IGrainFactory"/> in
    /// its services. Any other value stops the portal here, naming the values it accepts.
    /// </summary>
    public static IHostApplicationBuilder AddDaraSiloOrClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return ModeOf(builder.Configuration[ModeKey]) switch
        {
            PortalMode.Client => builder.AddDaraClient(),
            _ => builder.AddDaraSilo(),
        };
    }

    /// <summary>The mode a configured value names; blank means <see cref="PortalMode.Embedded"/>.</summary>
    public static PortalMode ModeOf(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return PortalMode.Embedded;
        }

        // Names only: Enum.TryParse would also take "1" or "0, 1", which no one means as a mode.
        foreach (var mode in Enum.GetValues<PortalMode>())
        {
            if (string.Equals(configured.Trim(), mode.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }

        throw new InvalidOperationException(
            $"{ModeKey} is '{configured}', which is not a portal mode: use {nameof(PortalMode.Embedded)} (a silo in this process, " +
            $"the default) or {nameof(PortalMode.Client)} (join the cluster Dara:Clustering describes).");
    }
}
