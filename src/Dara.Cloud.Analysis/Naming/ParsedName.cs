using System.Globalization;

namespace Dara.Cloud.Analysis.Naming;

/// <summary>A repository id split into owner and name, and the name's naming elements in order of appearance.</summary>
/// <param name="Owner">The part before the last '/', or null when the input has none.</param>
/// <param name="Name">The name part the elements were read from.</param>
/// <param name="Elements">The elements, in order, not overlapping; every <see cref="NamingElement.Text"/> is a substring of <see cref="Name"/>.</param>
/// <param name="Truncated">True when the name was longer than <see cref="NameParser.MaxNameLength"/> and only its start was read.</param>
public sealed record ParsedName(string? Owner, string Name, IReadOnlyList<NamingElement> Elements, bool Truncated = false)
{
    /// <summary>The elements with the given code, in order.</summary>
    public IEnumerable<NamingElement> Of(ElementCode code) => Elements.Where(e => e.Code == code);

    /// <summary>True when at least one element has the given code.</summary>
    public bool Has(ElementCode code)
    {
        foreach (var element in Elements)
        {
            if (element.Code == code)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The distinct codes present, in the order they first appear.</summary>
    public IReadOnlyList<ElementCode> Codes => Elements.Select(e => e.Code).Distinct().ToArray();

    /// <summary>The architectures named, as config model_type values, distinct and in order.</summary>
    public IReadOnlyList<string> Architectures => Values(ElementCode.A);

    /// <summary>The first size word or size number (base, large, 50), or null.</summary>
    public string? Size => First(ElementCode.S);

    /// <summary>The first parameter count as an absolute number (7b → 7,000,000,000; 8x7b → 56,000,000,000), or null.</summary>
    public long? Parameters
    {
        get
        {
            var value = First(ElementCode.P);
            if (value is null)
            {
                return null;
            }

            var times = value.IndexOf('x', StringComparison.Ordinal);
            if (times > 0
                && long.TryParse(value.AsSpan(0, times), NumberStyles.None, CultureInfo.InvariantCulture, out var experts)
                && long.TryParse(value.AsSpan(times + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var each))
            {
                return experts * each;
            }

            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
        }
    }

    /// <summary>The language codes named (ISO 639-1 where one exists, else ISO 639-3, or "multilingual"), distinct and in order.</summary>
    public IReadOnlyList<string> Languages => Values(ElementCode.L);

    /// <summary>
    /// The first task the name states (a Hub pipeline tag, or an application goal word), or null. For the task a
    /// dataset implies (squad → question-answering) see <see cref="NamingVocabulary.TaskOf"/>.
    /// </summary>
    public string? Task => First(ElementCode.T);

    /// <summary>The first precision or quantization (fp16, int4, gptq, q4_k_m), or null.</summary>
    public string? Quantization => First(ElementCode.Q);

    /// <summary>The first format or framework (gguf, onnx, tensorflow), or null.</summary>
    public string? Format => First(ElementCode.W);

    /// <summary>The first version as written, lower-cased (v2, 1.1, 2507), or null.</summary>
    public string? Version => First(ElementCode.V);

    private string? First(ElementCode code)
    {
        foreach (var element in Elements)
        {
            if (element.Code == code)
            {
                return element.Value;
            }
        }

        return null;
    }

    private string[] Values(ElementCode code) => Elements.Where(e => e.Code == code).Select(e => e.Value).Distinct().ToArray();
}
