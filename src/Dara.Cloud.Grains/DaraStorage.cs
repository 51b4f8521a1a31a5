namespace Dara.Cloud.Grains;

/// <summary>The grain storage providers the grains name; the silo registers both (they may share one database).</summary>
public static class DaraStorage
{
    /// <summary>Small, hot state: organizations, models, watchers.</summary>
    public const string Grains = "dara";

    /// <summary>Uploaded artifact bytes, read only when a model is analysed again.</summary>
    public const string Artifacts = "dara-artifacts";
}
