namespace Dara.Cloud.Analysis.Formats.Safetensors;

/// <summary>The parsed, validated header of one safetensors file.</summary>
/// <param name="File">Path of the file inside the model (for messages and evidence).</param>
/// <param name="HeaderLength">N, the JSON header's length in bytes.</param>
/// <param name="FileLength">Total file length in bytes.</param>
/// <param name="Tensors">Tensors in header order, each with its byte offsets relative to the data buffer.</param>
/// <param name="Metadata">The <c>__metadata__</c> string map (empty when absent).</param>
public sealed record SafetensorsHeader(
    string File,
    long HeaderLength,
    long FileLength,
    IReadOnlyList<SafetensorsTensor> Tensors,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>One tensor entry of a safetensors header.</summary>
public sealed record SafetensorsTensor(string Name, string DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    public TensorSpec ToSpec() => new(Name, DType, Shape);
}
