namespace Microsoft.Extensions.Hosting;

/// <summary>How the portal reaches Dara's grains (configuration <c>Dara:Mode</c>).</summary>
public enum PortalMode
{
    /// <summary>The default: a silo in the portal's own process, its grain state in SQLite under <c>Dara:DataDirectory</c>.</summary>
    Embedded,

    /// <summary>An Orleans client joining the cluster <c>Dara:Clustering</c> describes; the silos run apart (the headless silo).</summary>
    Client,
}
