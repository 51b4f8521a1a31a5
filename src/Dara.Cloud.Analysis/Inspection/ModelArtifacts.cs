using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Config;
using Dara.Cloud.Analysis.Formats.Gguf;
using Dara.Cloud.Analysis.Formats.ModelCards;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Analysis.Formats.WeightMaps;

namespace Dara.Cloud.Analysis.Inspection;

/// <summary>Everything read from one model's published files: typed, capped, never executed.</summary>
public sealed record ModelArtifacts
{
    /// <summary>Where the files came from (<see cref="IArtifactSource.Description"/>).</summary>
    public required string Source { get; init; }

    public string? RepoId { get; init; }

    public string? Revision { get; init; }

    /// <summary>Every file the source lists, read or not.</summary>
    public IReadOnlyList<ArtifactEntry> Files { get; init; } = [];

    public ModelConfig? Config { get; init; }

    public ModelCard? Card { get; init; }

    public IReadOnlyList<SafetensorsHeader> Safetensors { get; init; } = [];

    public IReadOnlyList<WeightMap> WeightMaps { get; init; } = [];

    public IReadOnlyList<GgufHeader> Gguf { get; init; } = [];

    public IReadOnlyList<OnnxGraph> Onnx { get; init; } = [];

    /// <summary>Pickle-format weight files (.bin/.pt/.pth/.pkl/.ckpt): present, never opened.</summary>
    public IReadOnlyList<string> PickleFiles { get; init; } = [];

    /// <summary>Weight files present only as Git LFS pointers (path → the real file's size and hash).</summary>
    public IReadOnlyDictionary<string, GitLfsPointer> LfsPointers { get; init; } = new Dictionary<string, GitLfsPointer>();

    /// <summary>True when sentence-transformers files (modules.json) say this is an embedding model.</summary>
    public bool IsSentenceTransformer { get; init; }

    /// <summary>Files that could not be read, each with its clear message; the rest of the model is still read.</summary>
    public IReadOnlyList<ArtifactProblem> Problems { get; init; } = [];

    /// <summary>Files actually opened, in the order they were read.</summary>
    public IReadOnlyList<string> FilesRead { get; init; } = [];

    public long BytesRead { get; init; }

    public int Reads { get; init; }

    /// <summary>All weight tensors with shapes, from safetensors headers, else GGUF, else ONNX initializers.</summary>
    public IReadOnlyList<TensorSpec> Tensors =>
        Safetensors.Count > 0 ? Safetensors.SelectMany(h => h.Tensors).Select(t => t.ToSpec()).ToList()
        : Gguf.Count > 0 ? Gguf[0].Tensors.Select(t => t.ToSpec()).ToList()
        : Onnx.SelectMany(g => g.Initializers).ToList();
}

/// <summary>A file that could not be read and why.</summary>
public sealed record ArtifactProblem(string File, string Problem)
{
    public override string ToString() => $"{File}: {Problem}";
}
