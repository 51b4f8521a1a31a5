namespace Dara.Cloud.Portal.Components.Check;

/// <summary>What a dropped file is to the engine, by its name.</summary>
public enum CheckFileKind
{
    /// <summary>A file the engine does not read: refused before anything is sent.</summary>
    Unsupported,

    /// <summary>config.json and the other small JSON files the engine reads (params.json, quantize_config.json…).</summary>
    Config,

    /// <summary>A sharded weights index (<c>*.index.json</c>).</summary>
    WeightMap,

    /// <summary>A safetensors file: only its header is sent (<see cref="SafetensorsHead"/>).</summary>
    Safetensors,

    /// <summary>An ONNX graph.</summary>
    Onnx,

    /// <summary>The model card (README.md).</summary>
    ModelCard,
}

/// <summary>Tells dropped files apart by name, as the engine's inspector does for a model folder.</summary>
public static class CheckFileKinds
{
    /// <summary>The JSON files the engine reads at a model's root, besides weight indexes.</summary>
    public static IReadOnlySet<string> ConfigFiles { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "config.json", "params.json", "model_index.json", "quantize_config.json", "modules.json", "sentence_bert_config.json",
    };

    /// <summary>The file picker's filter (the drop area checks names again: a filter is only a hint to the browser).</summary>
    public const string Accept = ".json,.safetensors,.onnx,.md";

    public static CheckFileKind Of(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        return name switch
        {
            _ when name.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase) => CheckFileKind.WeightMap,
            _ when ConfigFiles.Contains(name) => CheckFileKind.Config,
            _ when name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) => CheckFileKind.Safetensors,
            _ when name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) => CheckFileKind.Onnx,
            _ when name.Equals("README.md", StringComparison.OrdinalIgnoreCase) => CheckFileKind.ModelCard,
            _ => CheckFileKind.Unsupported,
        };
    }
}
