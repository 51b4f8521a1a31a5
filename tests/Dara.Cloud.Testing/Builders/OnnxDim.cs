namespace Dara.Cloud.Testing.Builders;

/// <summary>
/// One dimension of a graph input/output shape for <see cref="OnnxGraphBuilder"/>: a number, a symbolic name
/// (dim_param) or unknown. Converts implicitly from <see cref="long"/> and <see cref="string"/>, so shapes read
/// naturally: <c>Input("x", DataType.Float, "batch", 3, 224, 224)</c>.
/// </summary>
public readonly record struct OnnxDim(long? Value, string? Param)
{
    /// <summary>A dimension with neither value nor name (rendered "?" by the reader).</summary>
    public static OnnxDim Unknown => default;

    public static implicit operator OnnxDim(long value) => new(value, null);

    public static implicit operator OnnxDim(string param) => new(null, param);
}
