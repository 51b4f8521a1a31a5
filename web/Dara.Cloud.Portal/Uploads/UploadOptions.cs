using System.ComponentModel.DataAnnotations;
using Dara.Cloud.Grains.Analysis;

namespace Dara.Cloud.Portal.Uploads;

/// <summary>
/// Size limits of model uploads (<c>Dara:Uploads</c>), all enforced while the request streams in. Whole weight files
/// may be sent (a CI job uploading its output folder), so the request as a whole may be large; what the server keeps
/// is small: safetensors and GGUF headers, whole documents and ONNX graphs, each under its cap.
/// </summary>
public sealed class UploadOptions
{
    public const string Section = "Dara:Uploads";

    /// <summary>The whole request, weights included: 64 GiB. Bytes past a file's head are counted and dropped.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 64L << 30;

    /// <summary>
    /// Bytes kept from all files of one upload together: at most what a model grain takes in one submission
    /// (<see cref="ArtifactSetRules.MaxUploadedBytes"/>, 64 MiB, under Orleans' 100 MiB message limit).
    /// </summary>
    [Range(1024, ArtifactSetRules.MaxUploadedBytes)]
    public long MaxKeptBytes { get; set; } = ArtifactSetRules.MaxUploadedBytes;

    /// <summary>config.json, README.md, weight-map indexes and the other documents the engine reads whole: 8 MiB each.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxDocumentBytes { get; set; } = 8L << 20;

    /// <summary>ONNX graphs are parsed whole (protobuf has no index): 64 MiB each.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxOnnxBytes { get; set; } = 64L << 20;

    /// <summary>Files in one upload (a sharded giant has a few hundred); at most what a model grain takes.</summary>
    [Range(1, ArtifactSetRules.MaxFiles)]
    public int MaxFiles { get; set; } = ArtifactSetRules.MaxFiles;
}
