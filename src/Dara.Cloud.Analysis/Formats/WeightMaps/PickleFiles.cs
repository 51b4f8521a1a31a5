namespace Dara.Cloud.Analysis.Formats.WeightMaps;

/// <summary>
/// Recognises PyTorch pickle weight files by name. Their presence is itself a fact ("weights in pickle format",
/// which can execute code when loaded); they are never opened, let alone unpickled.
/// </summary>
public static class PickleFiles
{
    private static readonly string[] _extensions = [".bin", ".pt", ".pth", ".pkl", ".ckpt"];

    /// <summary>True for <c>.bin</c>, <c>.pt</c>, <c>.pth</c>, <c>.pkl</c> and <c>.ckpt</c> files (case-insensitive).</summary>
    public static bool IsPickleWeightFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var extension in _extensions)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
