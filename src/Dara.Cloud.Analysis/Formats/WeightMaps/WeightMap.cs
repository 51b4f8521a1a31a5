namespace Dara.Cloud.Analysis.Formats.WeightMaps;

/// <summary>
/// A sharded checkpoint's index (<c>model.safetensors.index.json</c> or <c>pytorch_model.bin.index.json</c>):
/// which tensor lives in which shard, and the total weight size the index declares.
/// </summary>
/// <param name="File">Path of the index inside the model.</param>
/// <param name="Format">"safetensors" or "pickle" (a .bin index: the shards are pickles and are never opened).</param>
/// <param name="TotalSize">metadata.total_size in bytes, when present.</param>
/// <param name="TotalParameters">metadata.total_parameters, when present.</param>
/// <param name="TensorToShard">Tensor name → shard file name (relative to the index's folder).</param>
public sealed record WeightMap(
    string File,
    string Format,
    long? TotalSize,
    long? TotalParameters,
    IReadOnlyDictionary<string, string> TensorToShard)
{
    /// <summary>Distinct shard file names, in first-seen order.</summary>
    public IReadOnlyList<string> Shards => TensorToShard.Values.Distinct(StringComparer.Ordinal).ToList();
}
