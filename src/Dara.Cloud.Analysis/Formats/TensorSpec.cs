namespace Dara.Cloud.Analysis.Formats;

/// <summary>
/// One weight tensor as any format describes it: name, element type and shape (outermost dimension first,
/// as PyTorch writes it). The bytes are never kept.
/// </summary>
/// <param name="Name">Tensor name as stored (e.g. <c>encoder.layer.0.attention.self.query.weight</c>).</param>
/// <param name="DType">Element type in safetensors spelling where one exists (F32, F16, BF16, I8, U8, I32…),
/// GGML type names for GGUF (Q4_K, Q8_0…), ONNX names mapped to the same spelling (FLOAT → F32).</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
public sealed record TensorSpec(string Name, string DType, IReadOnlyList<long> Shape)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape)
            {
                n = checked(n * d);
            }

            return n;
        }
    }
}
