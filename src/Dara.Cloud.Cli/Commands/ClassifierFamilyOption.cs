using Dara.Cloud.Inference.Training;

namespace Dara.Cloud.Cli.Commands;

/// <summary>The <c>--family</c> values: maxent, lightgbm, knn (and all where a command compares them).</summary>
internal static class ClassifierFamilyOption
{
    public const string Help = "maxent (L-BFGS maximum entropy), lightgbm or knn (cosine nearest neighbour)";

    public static bool TryParse(string value, out ClassifierFamily family)
    {
        (var ok, family) = value.ToLowerInvariant() switch
        {
            "maxent" or "maximumentropy" => (true, ClassifierFamily.MaximumEntropy),
            "lightgbm" or "lgbm" => (true, ClassifierFamily.LightGbm),
            "knn" or "nearestneighbour" => (true, ClassifierFamily.NearestNeighbour),
            _ => (false, default),
        };
        return ok;
    }

    public static string NameOf(ClassifierFamily family) => family switch
    {
        ClassifierFamily.MaximumEntropy => "maxent",
        ClassifierFamily.LightGbm => "lightgbm",
        _ => "knn",
    };
}
