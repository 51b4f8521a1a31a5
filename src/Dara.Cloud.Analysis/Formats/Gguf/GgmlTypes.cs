namespace Dara.Cloud.Analysis.Formats.Gguf;

/// <summary>One tensor element type of ggml: <see cref="TypeSize"/> bytes store <see cref="BlockSize"/> elements.</summary>
/// <param name="Id">The <c>ggml_type</c> id stored in GGUF tensor infos.</param>
/// <param name="Name">ggml's name (F32, Q4_K, IQ2_XXS…), used as the tensor dtype.</param>
/// <param name="BlockSize">Elements per block (1 for plain types).</param>
/// <param name="TypeSize">Bytes per block.</param>
public sealed record GgmlType(uint Id, string Name, int BlockSize, int TypeSize);

/// <summary>
/// The <c>ggml_type</c> table of formats.md §2.4 (ggml.h and the block static_asserts of ggml-common.h), and the ids
/// that were removed from the format: files using those can no longer be loaded by llama.cpp.
/// </summary>
public static class GgmlTypes
{
    /// <summary>Every type a current GGUF file may use, by id.</summary>
    public static IReadOnlyList<GgmlType> All { get; } =
    [
        new(0, "F32", 1, 4),
        new(1, "F16", 1, 2),
        new(2, "Q4_0", 32, 18),
        new(3, "Q4_1", 32, 20),
        new(6, "Q5_0", 32, 22),
        new(7, "Q5_1", 32, 24),
        new(8, "Q8_0", 32, 34),
        new(9, "Q8_1", 32, 36),
        new(10, "Q2_K", 256, 84),
        new(11, "Q3_K", 256, 110),
        new(12, "Q4_K", 256, 144),
        new(13, "Q5_K", 256, 176),
        new(14, "Q6_K", 256, 210),
        new(15, "Q8_K", 256, 292),
        new(16, "IQ2_XXS", 256, 66),
        new(17, "IQ2_XS", 256, 74),
        new(18, "IQ3_XXS", 256, 98),
        new(19, "IQ1_S", 256, 50),
        new(20, "IQ4_NL", 32, 18),
        new(21, "IQ3_S", 256, 110),
        new(22, "IQ2_S", 256, 82),
        new(23, "IQ4_XS", 256, 136),
        new(24, "I8", 1, 1),
        new(25, "I16", 1, 2),
        new(26, "I32", 1, 4),
        new(27, "I64", 1, 8),
        new(28, "F64", 1, 8),
        new(29, "IQ1_M", 256, 56),
        new(30, "BF16", 1, 2),
        new(34, "TQ1_0", 256, 54),
        new(35, "TQ2_0", 256, 66),
        new(39, "MXFP4", 32, 17),
        new(40, "NVFP4", 64, 36),
        new(41, "Q1_0", 128, 18),
        new(42, "Q2_0", 64, 18),
    ];

    /// <summary>Ids that once existed and were removed (Q4_2, Q4_3 and the repacked Q4_0_x_x / IQ4_NL_x_x types).</summary>
    public static IReadOnlyDictionary<uint, string> Removed { get; } = new Dictionary<uint, string>
    {
        [4] = "Q4_2",
        [5] = "Q4_3",
        [31] = "Q4_0_4_4",
        [32] = "Q4_0_4_8",
        [33] = "Q4_0_8_8",
        [36] = "IQ4_NL_4_4",
        [37] = "IQ4_NL_4_8",
        [38] = "IQ4_NL_8_8",
    };

    private static readonly Dictionary<uint, GgmlType> _byId = All.ToDictionary(t => t.Id);
    private static readonly Dictionary<string, GgmlType> _byName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Finds a current type by id.</summary>
    public static bool TryFind(uint id, out GgmlType type) => _byId.TryGetValue(id, out type!);

    /// <summary>Finds a current type by name (F32, Q4_K…).</summary>
    public static bool TryFind(string name, out GgmlType type) => _byName.TryGetValue(name, out type!);
}
