using Xunit;

namespace Dara.Cloud.Testing;

/// <summary>
/// The real artifacts under <c>../shared/data/real</c>, read in place through <c>DARA_REAL_DATA</c>.
/// Unset: the tests that need them skip and say why. Set but missing: those tests fail.
/// </summary>
public static class RealData
{
    public const string Variable = "DARA_REAL_DATA";

    /// <summary>Why real-data tests skip, or null when the variable is set.</summary>
    public static string? SkipReason =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))
            ? $"{Variable} is not set; set it to ../shared/data/real to run the tests on real artifacts."
            : null;

    /// <summary>The real-data root. Throws (failing the test) when the variable points nowhere.</summary>
    public static string Root
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable)
                ?? throw new InvalidOperationException($"{Variable} is not set.");
            var full = Path.GetFullPath(value);
            if (!Directory.Exists(full))
            {
                throw new DirectoryNotFoundException($"{Variable} is set to '{value}' but {full} does not exist.");
            }

            return full;
        }
    }

    public static string HfConfigs => Path.Combine(Root, "hf_configs");

    public static string Onnx => Path.Combine(Root, "onnx");

    public static string Safetensors => Path.Combine(Root, "safetensors");

    public static string PtmNaming => Path.Combine(Root, "ptm_naming");

    public static string LabelsCsv => Path.Combine(Root, "labels.csv");

    /// <summary>Every model folder under hf_configs (one per GitHub repo mirroring a Hub model folder).</summary>
    public static IEnumerable<string> ConfigFolders() =>
        Directory.EnumerateDirectories(HfConfigs).Order(StringComparer.Ordinal);

    /// <summary>Every real .onnx file.</summary>
    public static IEnumerable<string> OnnxFiles() =>
        Directory.EnumerateFiles(Onnx, "*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <summary>Every real .safetensors file.</summary>
    public static IEnumerable<string> SafetensorsFiles() =>
        Directory.EnumerateFiles(Safetensors, "*.safetensors", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}

/// <summary>A fact that needs the real data: skipped with a reason when <c>DARA_REAL_DATA</c> is unset.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        Skip = RealData.SkipReason;
    }
}

/// <summary>A theory that needs the real data: skipped with a reason when <c>DARA_REAL_DATA</c> is unset.</summary>
public sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute()
    {
        Skip = RealData.SkipReason;
    }
}
