namespace Dara.Cloud.Persistence.CrashProbe;

/// <summary>Names the probe and the durability test agree on.</summary>
public static class ProbeGrains
{
    public const string StorageName = "probe";

    public const string StateName = "counter";

    /// <summary>How many grains the even writes take turns updating.</summary>
    public const int UpdatedGrains = 8;

    public static GrainId IdOf(string key) => GrainId.Create("probe", key);
}
