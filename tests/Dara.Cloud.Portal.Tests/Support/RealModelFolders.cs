using Dara.Cloud.Testing;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>
/// A spread of the real models (paths relative to the real-data root): every 12th config folder, every safetensors
/// folder, and every 20th ONNX file.
/// </summary>
internal static class RealModelFolders
{
    public static TheoryData<string> Sample(bool foldersOnly = false)
    {
        var data = new TheoryData<string>();
        if (RealData.SkipReason is not null)
        {
            // The theory is skipped; xunit still wants one row to show it.
            data.Add("(real data not set)");
            return data;
        }

        foreach (var folder in RealData.ConfigFolders().Where((_, i) => i % 12 == 0)
            .Concat(Directory.EnumerateDirectories(RealData.Safetensors).Order(StringComparer.Ordinal))
            .Concat(foldersOnly ? [] : RealData.OnnxFiles().Where((_, i) => i % 20 == 0)))
        {
            data.Add(Path.GetRelativePath(RealData.Root, folder));
        }

        return data;
    }
}
