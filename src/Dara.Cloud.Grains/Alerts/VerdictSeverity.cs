namespace Dara.Cloud.Grains.Alerts;

/// <summary>Verdicts in the order alerts compare them: ok (or anything else) below suspicious below misnamed.</summary>
internal static class VerdictSeverity
{
    public const string Suspicious = "suspicious";
    public const string Misnamed = "misnamed";

    public static int Of(string? verdict) => verdict switch
    {
        Misnamed => 2,
        Suspicious => 1,
        _ => 0,
    };
}
