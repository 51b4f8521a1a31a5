using System.Text.Json;
using Dara.Cloud.Analysis.Reports;

namespace Dara.Cloud.Cli.Output;

/// <summary>
/// One line of <c>dara scan --format json</c>: the check document a <c>dara check</c> prints, led by <c>"path"</c>, the
/// folder it was read from relative to the scanned root. Without it the parts of one model (an <c>onnx/</c> folder,
/// a pipeline's components) come out as lines under the same name that nobody can tell apart.
/// </summary>
internal static class ScanLine
{
    public static string Serialize(string path, CheckDocument document)
    {
        var line = JsonSerializer.SerializeToNode(document, EngineJson.Context.CheckDocument)!.AsObject();
        line.Insert(0, "path", path);
        return line.ToJsonString(EngineJson.Options);
    }

    /// <summary>Where a model folder is below the scanned root, with '/' separators; "." for the root itself.</summary>
    public static string PathBelow(string root, string location) =>
        Path.GetRelativePath(Path.GetFullPath(root), location).Replace(Path.DirectorySeparatorChar, '/');
}
