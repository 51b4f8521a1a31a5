using Dara.Cloud.Inference.Training;

namespace Dara.Cloud.Cli.Commands;

/// <summary>The <c>--family</c> values: maxent, lightgbm, knn, mlp (and all where a command compares them).</summary>
internal static class ClassifierFamilyOption
{
    public const string Help = "maxent (L-BFGS maximum entropy), lightgbm, knn (cosine nearest neighbour) or mlp (the paper's 512-256-128 network)";

    /// <summary>The families <c>dara train</c> can export to ONNX: all but knn.</summary>
    public const string ExportableHelp = "maxent (L-BFGS maximum entropy), lightgbm or mlp (the paper's 512-256-128 network)";

    public static bool TryParse(string value, out ClassifierFamily family)
    {
        (var ok, family) = value.ToLowerInvariant() switch
        {
            "maxent" or "maximumentropy" => (true, ClassifierFamily.MaximumEntropy),
            "lightgbm" or "lgbm" => (true, ClassifierFamily.LightGbm),
            "knn" or "nearestneighbour" => (true, ClassifierFamily.NearestNeighbour),
            "mlp" => (true, ClassifierFamily.Mlp),
            _ => (false, default),
        };
        return ok;
    }

    public static string NameOf(ClassifierFamily family) => family switch
    {
        ClassifierFamily.MaximumEntropy => "maxent",
        ClassifierFamily.LightGbm => "lightgbm",
        ClassifierFamily.Mlp => "mlp",
        _ => "knn",
    };
}
