using System.Text.Json;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>What the Hub says about one model (<c>GET /api/models/{id}</c>, or one item of a listing).</summary>
/// <param name="Id">The repository id, <c>owner/name</c>.</param>
/// <param name="Author">The owner.</param>
/// <param name="Sha">The commit the answer describes.</param>
/// <param name="LastModified">Last commit time.</param>
/// <param name="CreatedAt">Creation time (the Hub floors old repositories to 2022-03-02).</param>
/// <param name="Private">Whether the repository is private.</param>
/// <param name="Gated">Null when not gated, else the gating mode (<c>auto</c> or <c>manual</c>).</param>
/// <param name="PipelineTag">The task, e.g. <c>text-generation</c>.</param>
/// <param name="LibraryName">e.g. <c>transformers</c>, <c>gguf</c>.</param>
/// <param name="Tags">Card tags and Hub-computed tags.</param>
/// <param name="Siblings">The files (sizes only when asked with <c>blobs=true</c>).</param>
/// <param name="CardData">The model card's parsed YAML front matter, as the Hub sent it.</param>
/// <param name="Safetensors">The Hub's own parameter count from the safetensors headers.</param>
/// <param name="Config">The subset of <c>config.json</c> the Hub extracts.</param>
public sealed record HubModelInfo(
    string Id,
    string? Author,
    string? Sha,
    DateTimeOffset? LastModified,
    DateTimeOffset? CreatedAt,
    bool Private,
    string? Gated,
    string? PipelineTag,
    string? LibraryName,
    IReadOnlyList<string> Tags,
    IReadOnlyList<HubSibling> Siblings,
    JsonElement? CardData,
    HubSafetensorsInfo? Safetensors,
    HubConfigSummary? Config);

/// <summary>One file of a model as listed by the Hub.</summary>
/// <param name="Path">The path in the repository (<c>rfilename</c>).</param>
/// <param name="Size">The git object size (for LFS files, the pointer's size) when given.</param>
/// <param name="Lfs">The real content's hash and size for Git LFS files.</param>
public sealed record HubSibling(string Path, long? Size, HubLfsInfo? Lfs)
{
    /// <summary>The size of the content: the LFS size for LFS files, else the git size.</summary>
    public long? ContentSize => Lfs?.Size ?? Size;
}

/// <summary>A Git LFS file's real content: SHA-256 and size.</summary>
public sealed record HubLfsInfo(string Sha256, long Size);

/// <summary>The Hub's parameter count by dtype and in total, computed from the safetensors headers.</summary>
public sealed record HubSafetensorsInfo(IReadOnlyDictionary<string, long> Parameters, long Total);

/// <summary>The part of <c>config.json</c> the Hub returns in model info.</summary>
public sealed record HubConfigSummary(string? ModelType, IReadOnlyList<string> Architectures);
