namespace Dara.Cloud.Analysis.Inspection;

/// <summary>How much of a model the inspector may read. Every limit bounds time and memory for hostile input.</summary>
public sealed record InspectorOptions
{
    public static InspectorOptions Default { get; } = new();

    /// <summary>Safetensors headers read per model (each costs at most two reads); sharded giants have up to ~200 shards.</summary>
    public int MaxSafetensorsFiles { get; init; } = 256;

    /// <summary>
    /// Header bytes all safetensors files of a model may take together (<see cref="Formats.Safetensors.SafetensorsHeaderBudget"/>):
    /// what one header may take, far above real sharded models.
    /// </summary>
    public long MaxSafetensorsHeaderBytes { get; init; } = Formats.Safetensors.SafetensorsHeaderReader.MaxHeaderLength;

    /// <summary>Bytes all weight maps (<c>*.index.json</c>) of a model may take together: what one may take.</summary>
    public long MaxWeightMapBytes { get; init; } = Formats.WeightMaps.WeightMapReader.MaxIndexBytes;

    public int MaxGgufFiles { get; init; } = 4;

    public int MaxOnnxFiles { get; init; } = 8;

    /// <summary>ONNX graphs are parsed whole (protobuf has no index), so their size is capped.</summary>
    public long MaxOnnxBytes { get; init; } = 1L << 30;

    /// <summary>
    /// The memory ONNX graphs, held and parsed whole, may take at once in this process; shared by every inspection
    /// unless one is given (tests give their own).
    /// </summary>
    public ReadMemoryBudget ReadMemory { get; init; } = ReadMemoryBudget.Shared;

    /// <summary>Reads in flight at once (helps over HTTP; harmless locally).</summary>
    public int Concurrency { get; init; } = 8;
}
