using System.Text;

namespace Dara.Cloud.Analysis.Formats.Safetensors;

/// <summary>
/// One safetensors element type: its spelling in the header and its width in bits
/// (4 for <c>F4</c>, 6 for <c>F6_*</c>: sub-byte types pack several elements per byte).
/// </summary>
/// <param name="Name">The spelling as it appears in headers (<c>F32</c>, <c>BF16</c>, <c>F8_E4M3</c>…).</param>
/// <param name="Bits">Bits per element.</param>
/// <param name="IsScaleOnly">True for exponent-only formats (<c>F8_E8M0</c> and its aliases) which only ever hold
/// block scales of quantized weights, so their tensors are never counted as parameters.</param>
/// <param name="IsNonStandard">True for spellings the safetensors crate does not know but huggingface.js tolerates
/// because real Hub files use them (<c>E8M0</c>, <c>FP4</c>, <c>UE8</c>).</param>
public sealed record SafetensorsDType(string Name, int Bits, bool IsScaleOnly = false, bool IsNonStandard = false)
{
    internal byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(Name);
}

/// <summary>
/// The dtype table of formats.md §1.3: the Rust crate's <c>enum Dtype</c> plus the three non-standard spellings
/// huggingface.js accepts.
/// </summary>
/// <remarks>
/// Decision on the non-standard spellings: the Rust reader would reject a file using them, but they occur in published
/// Hub repositories and huggingface.js (whose parameter counts we cross-check against) reads them, so we accept them
/// with the width their standard twin has (E8M0 and UE8 = F8_E8M0, 8 bits; FP4 = F4, 4 bits) and keep the spelling
/// as stored, so per-dtype counts are keyed exactly as the Hub keys them.
/// </remarks>
public static class SafetensorsDTypes
{
    /// <summary>Every known dtype, standard ones in the crate's declaration order, then the non-standard spellings.</summary>
    public static IReadOnlyList<SafetensorsDType> All { get; } =
    [
        new("BOOL", 8),
        new("F4", 4),
        new("F6_E2M3", 6),
        new("F6_E3M2", 6),
        new("U8", 8),
        new("I8", 8),
        new("F8_E5M2", 8),
        new("F8_E4M3", 8),
        new("F8_E8M0", 8, IsScaleOnly: true),
        new("F8_E4M3FNUZ", 8),
        new("F8_E5M2FNUZ", 8),
        new("I16", 16),
        new("U16", 16),
        new("F16", 16),
        new("BF16", 16),
        new("I32", 32),
        new("U32", 32),
        new("F32", 32),
        new("C64", 64),
        new("F64", 64),
        new("I64", 64),
        new("U64", 64),
        new("E8M0", 8, IsScaleOnly: true, IsNonStandard: true),
        new("FP4", 4, IsNonStandard: true),
        new("UE8", 8, IsScaleOnly: true, IsNonStandard: true),
    ];

    private static readonly Dictionary<string, SafetensorsDType> _byName =
        All.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Finds a dtype by its exact (case-sensitive) spelling.</summary>
    public static bool TryFind(string name, out SafetensorsDType dtype) =>
        _byName.TryGetValue(name, out dtype!);

    // Dtypes grouped by the length of their spelling: a lookup compares against at most five short names.
    private static readonly SafetensorsDType[][] _byLength = Enumerable.Range(0, All.Max(d => d.Utf8Name.Length) + 1)
        .Select(length => All.Where(d => d.Utf8Name.Length == length).ToArray())
        .ToArray();

    /// <summary>Finds a dtype by its UTF-8 spelling without allocating a string (the hot path of header parsing).</summary>
    public static bool TryFind(ReadOnlySpan<byte> utf8Name, out SafetensorsDType dtype)
    {
        if (utf8Name.Length < _byLength.Length)
        {
            foreach (var candidate in _byLength[utf8Name.Length])
            {
                if (utf8Name.SequenceEqual(candidate.Utf8Name))
                {
                    dtype = candidate;
                    return true;
                }
            }
        }

        dtype = null!;
        return false;
    }

    // Asked once per tensor when counting parameters: three names compared (most fail on length) cost less than a hash.
    private static readonly string[] _scaleOnlyNames = All.Where(d => d.IsScaleOnly).Select(d => d.Name).ToArray();

    /// <summary>True when <paramref name="name"/> is an exponent-only scale format (never parameters).</summary>
    public static bool IsScaleOnly(string name) => Array.IndexOf(_scaleOnlyNames, name) >= 0;
}
