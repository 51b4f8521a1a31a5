using System.Text.Json;

namespace Dara.Cloud.Analysis.Formats;

/// <summary>
/// What <c>config.json</c> says about how the weights are quantized — only the fields parameter counting needs
/// (formats.md §1.6 "Parameter counting caveat"): packed integer containers hold several weights each, and
/// scale / zero-point tensors are bookkeeping, not parameters.
/// </summary>
public sealed record QuantizationConfig
{
    /// <summary><c>quant_method</c>: gptq, awq, bitsandbytes, mxfp4, compressed-tensors, fp8…</summary>
    public string? QuantMethod { get; init; }

    /// <summary><c>bits</c> (GPTQ/AWQ weight width).</summary>
    public int? Bits { get; init; }

    /// <summary><c>load_in_4bit</c> (bitsandbytes).</summary>
    public bool LoadIn4Bit { get; init; }

    /// <summary><c>load_in_8bit</c> (bitsandbytes).</summary>
    public bool LoadIn8Bit { get; init; }

    /// <summary><c>modules_to_not_convert</c>: substrings (or <c>*</c> globs) of tensor names left unquantized.</summary>
    public IReadOnlyList<string> ModulesToNotConvert { get; init; } = [];

    /// <summary><c>ignore</c>: compressed-tensors' exclusion list (module names or <c>re:</c> patterns).</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary><c>format</c> (compressed-tensors, e.g. <c>pack-quantized</c>).</summary>
    public string? Format { get; init; }

    /// <summary><c>config_groups</c> (compressed-tensors), in file order.</summary>
    public IReadOnlyList<CompressedTensorsGroup> ConfigGroups { get; init; } = [];

    /// <summary>
    /// <c>expert_dtype</c>, which sits beside (not inside) <c>quantization_config</c>: some fp8 MoEs store their
    /// routed experts narrower still (DeepSeek-V4: <c>"fp4"</c>).
    /// </summary>
    public string? ExpertDType { get; init; }

    /// <summary>The method, naming bitsandbytes when only <c>load_in_*</c> says it.</summary>
    public string Method => QuantMethod ?? (LoadIn4Bit || LoadIn8Bit ? "bitsandbytes" : "unknown");

    /// <summary>Bits per weight: <c>bits</c>, or 4/8 from <c>load_in_4bit</c>/<c>load_in_8bit</c>.</summary>
    public int? EffectiveBits => Bits ?? (LoadIn4Bit ? 4 : LoadIn8Bit ? 8 : null);

    /// <summary>
    /// Reads the quantization from a parsed <c>config.json</c>: <c>quantization_config</c> at the top level or,
    /// as in some multimodal configs, under <c>text_config</c>. Null when the model declares none.
    /// Fields of unexpected types are ignored rather than rejected: this is advisory input to counting.
    /// </summary>
    public static QuantizationConfig? FromConfigJson(JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var textConfig = config.TryGetProperty("text_config", out var text) && text.ValueKind == JsonValueKind.Object
            ? text
            : default;
        var quantization = Property(config, "quantization_config", JsonValueKind.Object)
            ?? Property(textConfig, "quantization_config", JsonValueKind.Object);
        if (quantization is not { } q)
        {
            return null;
        }

        return new QuantizationConfig
        {
            QuantMethod = String(q, "quant_method"),
            Bits = Integer(q, "bits"),
            LoadIn4Bit = Property(q, "load_in_4bit", JsonValueKind.True) is not null,
            LoadIn8Bit = Property(q, "load_in_8bit", JsonValueKind.True) is not null,
            ModulesToNotConvert = Strings(q, "modules_to_not_convert"),
            Ignore = Strings(q, "ignore"),
            Format = String(q, "format"),
            ConfigGroups = Groups(q),
            ExpertDType = String(config, "expert_dtype") ?? String(textConfig, "expert_dtype"),
        };
    }

    private static JsonElement? Property(JsonElement owner, string name, JsonValueKind kind) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : null;

    private static string? String(JsonElement owner, string name) =>
        Property(owner, name, JsonValueKind.String)?.GetString();

    private static int? Integer(JsonElement owner, string name) =>
        Property(owner, name, JsonValueKind.Number) is { } n && n.TryGetInt32(out var value) ? value : null;

    private static IReadOnlyList<string> Strings(JsonElement owner, string name)
    {
        if (Property(owner, name, JsonValueKind.Array) is not { } array)
        {
            return [];
        }

        var strings = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                strings.Add(item.GetString()!);
            }
        }

        return strings;
    }

    private static IReadOnlyList<CompressedTensorsGroup> Groups(JsonElement quantization)
    {
        if (Property(quantization, "config_groups", JsonValueKind.Object) is not { } groups)
        {
            return [];
        }

        var result = new List<CompressedTensorsGroup>();
        foreach (var group in groups.EnumerateObject())
        {
            if (group.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var weights = Property(group.Value, "weights", JsonValueKind.Object);
            result.Add(new CompressedTensorsGroup(
                String(group.Value, "format"),
                Strings(group.Value, "targets"),
                weights is { } w ? Integer(w, "num_bits") : null));
        }

        return result;
    }
}

/// <summary>One compressed-tensors <c>config_groups</c> entry.</summary>
/// <param name="Format">The group's <c>format</c>, overriding the config-wide one.</param>
/// <param name="Targets">Module names, class names or <c>re:</c> patterns the group applies to.</param>
/// <param name="NumBits"><c>weights.num_bits</c>.</param>
public sealed record CompressedTensorsGroup(string? Format, IReadOnlyList<string> Targets, int? NumBits);
