using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Gguf;
using Dara.Cloud.Analysis.Formats.WeightMaps;

namespace Dara.Cloud.Portal.Uploads;

/// <summary>How much of an uploaded file the server keeps, decided from its name alone (as the engine decides what to read).</summary>
public enum ArtifactKind
{
    /// <summary>.safetensors: the 8-byte length and the N-byte header; the tensor data is counted, not kept.</summary>
    SafetensorsHeader,

    /// <summary>.gguf: the head where the header lives (up to the engine's 64 MiB header cap); the rest is counted.</summary>
    GgufHead,

    /// <summary>.onnx: the whole graph, up to <see cref="UploadOptions.MaxOnnxBytes"/>, else 413.</summary>
    Onnx,

    /// <summary>config.json, README.md, weight maps…: the whole file, up to <see cref="UploadOptions.MaxDocumentBytes"/>, else 413.</summary>
    Document,

    /// <summary>Anything else (tokenizers, pickles…): only its length, and its bytes when it is small enough to be a Git LFS pointer.</summary>
    Other,
}

/// <summary>Which <see cref="ArtifactKind"/> a path is.</summary>
public static class ArtifactKinds
{
    /// <summary>The GGUF bytes kept: the engine reads no further than this into a GGUF file.</summary>
    public const long GgufHeadBytes = GgufReadOptions.DefaultMaxHeaderBytes;

    /// <summary>Other files are kept only when this small (a Git LFS pointer, which the engine recognises).</summary>
    public const int OtherKeptBytes = GitLfsPointer.MaxPointerLength;

    // What the engine's inspector reads whole (ModelInspector's read plan), by file name.
    private static readonly HashSet<string> Documents = new(StringComparer.OrdinalIgnoreCase)
    {
        "config.json", "params.json", "model_index.json", "quantize_config.json", "README.md", "modules.json",
        "sentence_bert_config.json",
    };

    /// <summary>
    /// Whether the engine learns anything from a file of this name: one it reads, or weights it notes by name (pickles,
    /// TensorFlow…). An upload of none of these would be checked on its name alone and come out clean.
    /// </summary>
    public static bool IsReadByTheEngine(string path) => Of(path) != ArtifactKind.Other || FactsBuilder.WeightFormatOf(path) is not null;

    /// <summary>Why a set of files none of which <see cref="IsReadByTheEngine"/> is refused, naming a few of them.</summary>
    public static string NothingReadable(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var names = paths.Take(6).ToList();
        return $"None of the files is one Dara reads ({string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")}): "
            + "send config.json, README.md, a weight map (*.index.json) or *.safetensors, *.gguf or *.onnx files, under their Hub names.";
    }

    public static ArtifactKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fileName = Path.GetFileName(path);
        return path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? ArtifactKind.SafetensorsHeader
            : path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) ? ArtifactKind.GgufHead
            : path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? ArtifactKind.Onnx
            : Documents.Contains(fileName) || WeightMapReader.IsWeightMapFile(path) ? ArtifactKind.Document
            : ArtifactKind.Other;
    }
}
